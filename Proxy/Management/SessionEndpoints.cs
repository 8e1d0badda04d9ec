using SecureStream.Media.Origin;
using SecureStream.Policy.Redis;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.ClusterSessions;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>GET /v1/sessions</c> and <c>DELETE /v1/sessions/{id}</c>. On a single node: this front
/// door's sessions. In cluster mode (docs/cluster.md, "Sessions across nodes") every front door's,
/// each naming its <c>node</c>; a kick of another node's session is sent to that node, which runs
/// the same kick, and is answered 202 (accepted, not yet confirmed).
/// </summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/sessions", ListAsync);
        endpoints.MapDelete("/v1/sessions/{id}", KickAsync);
    }

    /// <summary>
    /// The sessions with their duration; this process's own with the origin's octets and ICE path
    /// (<see cref="IViewerSessionStatistics"/>, when an origin is embedded here), other nodes' with
    /// none (their origins are not asked).
    /// </summary>
    private static async Task<IResult> ListAsync(SessionRegistry sessions, ClusterNodeIdentity node, TimeProvider time, IServiceProvider services, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var statistics = services.GetService<IViewerSessionStatistics>();
        var local = sessions.All.Select(session => SessionView.From(session, node.NodeId).WithFigures(now, statistics));
        if (services.GetService<LiveSessionDirectory>() is not { } directory)
        {
            return Ok(local.OrderBy(s => s.StartedAt).ToList());
        }

        try
        {
            var others = (await directory.ListOtherNodesAsync(ct)).Select(view => view.WithFigures(now, null));
            return Ok(local.Concat(others).OrderBy(s => s.StartedAt).ToList());
        }
        catch (SharedStateUnavailableException)
        {
            return SharedStateUnavailable("the other front doors' sessions cannot be listed");
        }
    }

    private static async Task<IResult> KickAsync(string id, HttpContext context, SessionKick kick, IServiceProvider services, CancellationToken ct)
    {
        var admin = context.Connection.RemoteIpAddress;
        var administrator = ManagementAuthentication.AdministratorName(context);
        var outcome = await kick.KickAsync(id, administrator, admin, viaNode: null, ct);
        if (outcome == SessionKickOutcome.Kicked)
        {
            return Ok<object?>(null);
        }

        if (outcome == SessionKickOutcome.KickedNotBarred)
        {
            return SharedStateUnavailable("the session ended, its credential is not barred");
        }

        if (services.GetService<LiveSessionDirectory>() is not { } directory)
        {
            return NotFound();
        }

        try
        {
            return await directory.SendKickAsync(id, administrator, admin, ct) is { } owner
                ? ManagementReply.With<object?>(202, "Accepted: the kick was sent to node " + owner, null)
                : NotFound();
        }
        catch (SharedStateUnavailableException)
        {
            return SharedStateUnavailable("the session is not on this front door, and the others cannot be reached");
        }
    }

    private static IResult NotFound() => ManagementReply.With<object?>(404, "Not Found", null);

    private static IResult SharedStateUnavailable(string what) =>
        ManagementReply.With<object?>(503, "Service Unavailable: shared_state_unavailable; " + what, null);

    private static IResult Ok<T>(T response) => ManagementReply.With(200, "OK", response);
}
