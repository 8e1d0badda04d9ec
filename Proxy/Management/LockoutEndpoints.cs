using System.Net;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>GET /v1/lockouts</c> lists the sources the gate locks out now; <c>DELETE
/// /v1/lockouts/{address}</c> lifts one (any address inside an IPv6 /64 names its /64).
/// Security invariant: a lift is in the audit journal, with the acting administrator, before it
/// takes effect; one that cannot be audited does not happen (503).
/// </summary>
internal static partial class LockoutEndpoints
{
    /// <summary>The operator named in audit records: the management API has one access token.</summary>
    private const string ManagementOperator = "management";

    public static void MapLockoutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/lockouts", (GateLimits limits, TimeProvider time) =>
            Reply<IReadOnlyList<LockoutView>>(200, "OK", limits.Lockout?.Active(time.GetUtcNow()).Select(LockoutView.From).ToList() ?? []));
        endpoints.MapDelete("/v1/lockouts/{address}", LiftAsync);
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
        var state = limits.Lockout?.Active(now).FirstOrDefault(s => s.Source == source);
        if (state is not { } locked)
        {
            return Reply<object?>(404, "Not Found: the address is not locked out", null);
        }

        var written = await audit.WriteAsync(
            new SourceLockoutLiftedRecord
            {
                Time = now,
                TraceId = GateTrace.IdOf(context),
                Source = source.ToString(),
                Operator = ManagementOperator,
                AdminIp = context.Connection.RemoteIpAddress.ToAuditText(),
                Until = locked.Until,
            },
            cancellationToken);
        if (!written)
        {
            return Reply<object?>(503, "Service Unavailable: audit_unavailable", null);
        }

        if (!limits.Lockout!.TryLift(source, now, out _))
        {
            // It ended on its own between the check and the lift; the record says what was asked.
            return Reply<object?>(404, "Not Found: the address is not locked out", null);
        }

        Log.Lifted(logger, source);
        return Reply<object?>(200, "OK", null);
    }

    private static IResult Reply<T>(int status, string message, T response) =>
        Results.Json(new ManagementResponse<T>(status, message, response), statusCode: status);
}
