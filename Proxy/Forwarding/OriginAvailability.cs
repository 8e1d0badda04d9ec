using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// Which listed origins rendezvous hashing may choose: those no health check has marked down
/// (active or passive; an origin not probed yet counts as up), as YARP's own
/// <c>HealthyAndUnknown</c>. YARP asks only when an origin's health or the list changes, so this is
/// also where a change is said: an origin going down or coming back moves cameras, and an
/// operator must be able to see when and which (docs/cluster.md, "Origin health").
/// </summary>
/// <remarks>One instance serves the one origin cluster; YARP asks for it under the cluster's update lock.</remarks>
/// <param name="metrics">Told the count of available origins on every change (docs/metrics.md); null records nothing.</param>
internal sealed partial class OriginAvailability(ILogger<OriginAvailability> logger, ForwardingMetrics? metrics = null) : IAvailableDestinationsPolicy
{
    public const string PolicyName = "HealthyOrigins";

    private readonly Lock _gate = new();
    private HashSet<string> _down = new(StringComparer.Ordinal);
    private bool _noneAvailable;

    public string Name => PolicyName;

    /// <summary>
    /// Raised once for each origin that turns unhealthy, with its configured address; outside
    /// YARP's update lock, on a thread-pool thread, so a handler may do real work (ending the
    /// origin's sessions).
    /// </summary>
    public event Action<string>? OriginDown;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        ArgumentNullException.ThrowIfNull(allDestinations);
        var available = new List<DestinationState>(allDestinations.Count);
        var down = new HashSet<string>(StringComparer.Ordinal);
        foreach (var destination in allDestinations)
        {
            if (destination.Health.Active == DestinationHealth.Unhealthy || destination.Health.Passive == DestinationHealth.Unhealthy)
            {
                down.Add(destination.Model.Config.Address);
            }
            else
            {
                available.Add(destination);
            }
        }

        Report(down, available.Count, allDestinations.Count);
        metrics?.OriginsAvailable(available.Count);
        return available;
    }

    private void Report(HashSet<string> down, int available, int total)
    {
        lock (_gate)
        {
            foreach (var origin in down.Where(origin => !_down.Contains(origin)))
            {
                Log.OriginDown(logger, origin, available, total);
                if (OriginDown is { } handlers)
                {
                    ThreadPool.QueueUserWorkItem(static state => state.Handlers(state.Origin), (Handlers: handlers, Origin: origin), preferLocal: false);
                }
            }

            foreach (var origin in _down.Where(origin => !down.Contains(origin)))
            {
                Log.OriginUp(logger, origin, available, total);
            }

            var noneAvailable = available == 0 && total > 0;
            if (noneAvailable && !_noneAvailable)
            {
                Log.NoOriginAvailable(logger, total);
            }

            _down = down;
            _noneAvailable = noneAvailable;
        }
    }
}
