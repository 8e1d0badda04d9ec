using System.Diagnostics.Metrics;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The gate's instruments on the front door's meter (docs/metrics.md, "Front door and policy"):
/// decisions by decision and reason code, requests refused by a limiter, lockouts started and in
/// force. Tags are closed lists (reason codes, limiter codes), never a client, link or session.
/// </summary>
/// <remarks>
/// The gate decides per request, so recording a decision is one <see cref="Counter{T}.Add(T, KeyValuePair{string, object?}, KeyValuePair{string, object?})"/>
/// with tag pairs cached per reason, and a limiter refusal one interlocked increment read at scrape
/// time; neither allocates.
/// </remarks>
internal sealed class GateMetrics
{
    /// <summary>The limiter codes of <c>securestream_gate_rate_limited_total</c>.</summary>
    public const string RateLimiter = "rate", PendingLimiter = "pending", ConnectionsLimiter = "connections", ConnectionsPerSourceLimiter = "connections_per_source";

    private static readonly KeyValuePair<string, object?> Admitted = new("decision", "admitted");
    private static readonly KeyValuePair<string, object?> Denied = new("decision", "denied");
    private static readonly KeyValuePair<string, object?> AdmittedReason = new("reason", "ok");
    private static readonly KeyValuePair<string, object?>[] DeniedReasons = Enum.GetValues<AccessReason>()
        .Select(reason => new KeyValuePair<string, object?>("reason", reason.ToCode()))
        .ToArray();

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _lockoutsStarted;
    private readonly GateLimits _limits;
    private readonly ConnectionLimits? _connections;
    private readonly TimeProvider _time;
    private long _rateLimited;
    private long _pendingLimited;

    /// <param name="connections">The listeners' connection pools, whose refusals count as limiter <c>connections</c>; null when there are none.</param>
    public GateMetrics(IMeterFactory meterFactory, GateLimits limits, TimeProvider time, ConnectionLimits? connections = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _limits = limits;
        _time = time;
        _connections = connections;
        var meter = meterFactory.Create(GatewayMeters.Proxy);
        _decisions = meter.CreateCounter<long>("securestream.gate.decisions", "{request}",
            "Gate decisions: admitted (reason ok) or denied with the reason code the client and the audit record get.");
        meter.CreateObservableCounter("securestream.gate.rate_limited", ObserveLimited, "{request}",
            "Requests and connections refused by a limiter: rate, pending, connections, connections_per_source.");
        _lockoutsStarted = meter.CreateCounter<long>("securestream.lockouts.started", "{lockout}",
            "Sources locked out after repeated forged-looking credentials.");
        meter.CreateObservableGauge("securestream.lockouts.active", ObserveLockouts, "{lockout}",
            "Sources locked out now.");
    }

    /// <summary>One admission: a new session the gate let through (its <c>access.decision</c> allow record).</summary>
    public void Admit() => _decisions.Add(1, Admitted, AdmittedReason);

    /// <summary>One refusal, with the reason code the client is sent.</summary>
    public void Deny(AccessReason reason)
    {
        var index = (int)reason;
        var tag = (uint)index < (uint)DeniedReasons.Length ? DeniedReasons[index] : new KeyValuePair<string, object?>("reason", "unknown");
        _decisions.Add(1, Denied, tag);
    }

    /// <summary>A request refused by the per-source rate limiter.</summary>
    public void RateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>A request refused because its source (or the gate) had every pending-admission slot in use.</summary>
    public void PendingLimited() => Interlocked.Increment(ref _pendingLimited);

    /// <summary>A lockout this front door started (exactly one caller sees each start, in a cluster too).</summary>
    public void LockoutStarted() => _lockoutsStarted.Add(1);

    private IEnumerable<Measurement<long>> ObserveLimited()
    {
        long overTotal = 0, overShare = 0;
        if (_connections is { } connections)
        {
            foreach (var listener in Enum.GetValues<ListenerKind>())
            {
                var (total, share) = connections.Refused(listener);
                overTotal += total;
                overShare += share;
            }
        }

        return
        [
            new(Interlocked.Read(ref _rateLimited), new KeyValuePair<string, object?>("limiter", RateLimiter)),
            new(Interlocked.Read(ref _pendingLimited), new KeyValuePair<string, object?>("limiter", PendingLimiter)),
            new(overTotal, new KeyValuePair<string, object?>("limiter", ConnectionsLimiter)),
            new(overShare, new KeyValuePair<string, object?>("limiter", ConnectionsPerSourceLimiter)),
        ];
    }

    private IEnumerable<Measurement<long>> ObserveLockouts() =>
        _limits.Lockout?.CountActive(_time.GetUtcNow()) is { } active ? [new Measurement<long>(active)] : [];
}
