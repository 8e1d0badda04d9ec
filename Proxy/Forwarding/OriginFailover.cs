using System.Net.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// Fast failover when an origin is gone (docs/cluster.md, "Origin health"): a forwarded request
/// that could not even connect to its origin (refused, reset or unreachable while connecting — the
/// origin process or its machine is gone) marks that origin down at once through YARP's passive
/// health path, without waiting for the active probes, and the same request is sent to the
/// camera's next origin. The viewer whose player reconnects first after an origin died is served
/// by the next origin instead of being told to come back later.
/// </summary>
/// <remarks>
/// A connect failure happens before any byte of the request left: the request body (a WHEP offer)
/// has not been read, so sending the request again is safe. Anything that failed later (the
/// origin answered, or broke off mid-request) is left to the passive failure-rate check, since it
/// may have had an effect at the origin.
/// </remarks>
internal sealed partial class OriginFailover(
    RequestDelegate next,
    IDestinationHealthUpdater healthUpdater,
    IEnumerable<ILoadBalancingPolicy> policies,
    ForwardingMetrics metrics,
    ILogger<OriginFailover> logger)
{
    private readonly ILoadBalancingPolicy _rendezvous = policies.Single(policy => policy.Name == CameraRendezvousPolicy.PolicyName);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var route = context.GetRouteModel();
        var cluster = route.Cluster;
        var reactivation = cluster?.Model.Config.HealthCheck?.Passive is { Enabled: true } passive ? passive.ReactivationPeriod : null;
        if (cluster is null || reactivation is null)
        {
            // The embedded single-node origin: there is no other origin to go to.
            return;
        }

        var proxy = context.GetReverseProxyFeature();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        while (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested &&
               IsConnectFailure(context.Features.Get<IForwarderErrorFeature>()) && proxy.ProxiedDestination is { } failed &&
               tried.Add(failed.Model.Config.Address))
        {
            // The session leaves the failed origin before it is marked down: that origin's sessions
            // end origin_lost, and this one is about to be carried by the next origin instead.
            if (context.Features.Get<GateAdmission>() is { } admission)
            {
                admission.Session.Origin = null;
            }

            if (failed.Health.Passive != DestinationHealth.Unhealthy)
            {
                healthUpdater.SetPassive(cluster, failed, DestinationHealth.Unhealthy, reactivation.Value);
            }

            // YARP recomputes the available origins in the background; leave out every origin this request failed on.
            var remaining = cluster.DestinationsState.AvailableDestinations.Where(d => !tried.Contains(d.Model.Config.Address)).ToList();
            var nextOrigin = remaining.Count == 0 ? null : _rendezvous.PickDestination(context, cluster, remaining);
            if (nextOrigin is null)
            {
                Log.NoOtherOrigin(logger, failed.Model.Config.Address);
                return;
            }

            Log.RetriedOnNextOrigin(logger, failed.Model.Config.Address, nextOrigin.Model.Config.Address);
            metrics.Failover();
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = [nextOrigin];
            await next(context);
        }
    }

    /// <summary>Whether forwarding failed while connecting to the origin, before anything was sent.</summary>
    private static bool IsConnectFailure(IForwarderErrorFeature? error) =>
        error is { Error: ForwarderError.Request, Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } };
}
