using System.Diagnostics.Metrics;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// The cluster's shared-state instrument on the front door's meter (docs/metrics.md, "Front door
/// and policy"): Redis commands that failed or timed out. Each one refused an admission (503
/// <c>shared_state_unavailable</c>) or lost a count, so any rate above zero wants a look at Redis.
/// </summary>
internal sealed class ClusterMetrics
{
    private readonly Counter<long> _sharedStateFailures;

    public ClusterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMeters.Proxy);
        _sharedStateFailures = meter.CreateCounter<long>("securestream.shared_state.failures", "{command}",
            "Commands to the cluster's shared state in Redis that failed, timed out or found no connection.");
    }

    /// <summary>One command that did not get its answer.</summary>
    public void SharedStateFailed() => _sharedStateFailures.Add(1);
}
