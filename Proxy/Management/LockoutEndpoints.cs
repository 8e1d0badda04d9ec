using System.Net;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Redis;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>GET /v1/lockouts</c> lists the sources the gate locks out now; <c>DELETE
/// /v1/lockouts/{address}</c> lifts one (any address inside an IPv6 /64 names its /64).
/// Security invariant: a lift is in the audit journal, with the acting administrator, before it
/// takes effect; one that cannot be audited does not happen (503).
/// </summary>
internal static partial class LockoutEndpoints
{
    public static void MapLockoutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/lockouts", ListAsync);
        endpoints.MapDelete("/v1/lockouts/{address}", LiftAsync);
    }

    private static async Task<IResult> ListAsync(GateLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var active = limits.Lockout is { } lockout ? await lockout.ActiveAsync(time.GetUtcNow(), cancellationToken) : [];
            return Reply<IReadOnlyList<LockoutView>>(200, "OK", active.Select(LockoutView.From).ToList());
        }
        catch (SharedStateUnavailableException)
        {
            return SharedStateUnavailable();
        }
    }

    private static async Task<IResult> LiftAsync(
        string address,
        HttpContext context,
        GateLimits limits,
        IAuditWriter audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(LockoutEndpoints));
        if (!IPAddress.TryParse(address, out var parsed))
        {
            return Reply<object?>(400, "Bad Request: not an IP address", null);
        }

        var source = ClientSource.Of(parsed);
        var now = time.GetUtcNow();
        try
        {
            return await LiftSourceAsync(source, now, context, limits, audit, logger, cancellationToken);
        }
        catch (SharedStateUnavailableException)
        {
            return SharedStateUnavailable();
        }
    }

    private static async Task<IResult> LiftSourceAsync(
        ClientSource source, DateTimeOffset now, HttpContext context, GateLimits limits, IAuditWriter audit, ILogger logger, CancellationToken cancellationToken)
    {
        var active = limits.Lockout is { } lockout ? await lockout.ActiveAsync(now, cancellationToken) : [];
        if (active.Where(s => s.Source == source).Select(s => (LockoutState?)s).FirstOrDefault() is not { } locked)
        {
            return Reply<object?>(404, "Not Found: the address is not locked out", null);
        }

        var written = await audit.WriteAsync(
            new SourceLockoutLiftedRecord
            {
                Time = now,
                TraceId = GateTrace.IdOf(context),
                Source = source.ToString(),
                Operator = ManagementAuthentication.AdministratorName(context),
                AdminIp = context.Connection.RemoteIpAddress.ToAuditText(),
                Until = locked.Until,
            },
            cancellationToken);
        if (!written)
        {
            return Reply<object?>(503, "Service Unavailable: audit_unavailable", null);
        }

        if (await limits.Lockout!.TryLiftAsync(source, now, cancellationToken) is null)
        {
            // It ended on its own between the check and the lift; the record says what was asked.
            return Reply<object?>(404, "Not Found: the address is not locked out", null);
        }

        Log.Lifted(logger, source);
        return Reply<object?>(200, "OK", null);
    }

    /// <summary>Cluster mode with Redis not answering: the shared table can be neither read nor changed.</summary>
    private static IResult SharedStateUnavailable() => Reply<object?>(503, "Service Unavailable: shared_state_unavailable", null);

    private static IResult Reply<T>(int status, string message, T response) => ManagementReply.With(status, message, response);
}
