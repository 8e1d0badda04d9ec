using System.Diagnostics.Metrics;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// The front door's forwarding instruments on its meter (docs/metrics.md, "Front door and policy"):
/// requests resent to another origin after their origin could not be connected to, and how many
/// listed origins the health checks leave available. No tags: an origin's address is configuration,
/// and the logs name it when it goes down or comes back.
/// </summary>
internal sealed class ForwardingMetrics
{
    private readonly Counter<long> _failovers;
    private int _originsUp = -1;

    public ForwardingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMeters.Proxy);
        _failovers = meter.CreateCounter<long>("securestream.origin.failovers", "{request}",
            "Requests the front door resent to the camera's next origin because their origin could not be connected to.");
        meter.CreateObservableGauge("securestream.origins.up", ObserveOriginsUp, "{origin}",
            "Listed origins no health check has marked down.");
    }

    /// <summary>One request resent to the next origin.</summary>
    public void Failover() => _failovers.Add(1);

    /// <summary>The origins available now, as the availability policy last computed them.</summary>
    public void OriginsAvailable(int available) => Volatile.Write(ref _originsUp, available);

    // Nothing until the first computation (YARP computes when the cluster is first loaded).
    private IEnumerable<Measurement<int>> ObserveOriginsUp() =>
        Volatile.Read(ref _originsUp) is var up and >= 0 ? [new Measurement<int>(up)] : [];
}
