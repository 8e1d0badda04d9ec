namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// How the front door tells which origins can take viewers (<c>Origin:HealthCheck</c>), when
/// <see cref="OriginOptions.Destinations"/> lists origins; the embedded single-node origin is not
/// checked. An origin marked down is left out of rendezvous hashing, so its cameras go to the
/// others until it answers again (docs/cluster.md, "Origin health").
/// </summary>
public sealed class OriginHealthCheckOptions
{
    /// <summary>Time between two probes of each origin's health endpoint.</summary>
    public int IntervalMs { get; set; } = 2000;

    /// <summary>Longest a probe may take; a slower answer counts as a failure. At most <see cref="IntervalMs"/>.</summary>
    public int TimeoutMs { get; set; } = 1000;

    /// <summary>Failed probes in a row that mark an origin down; one answered probe marks it up again.</summary>
    public int FailureThreshold { get; set; } = 2;

    /// <summary>
    /// How long an origin stays down after its forwarded requests failed at the transport level
    /// (passive check: refused connections, resets, timeouts) before it is offered again.
    /// </summary>
    public int ReactivationMs { get; set; } = 10000;
}
