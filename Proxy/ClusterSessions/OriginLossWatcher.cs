using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Sessions;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Ends the sessions of an origin the health checks mark down (docs/cluster.md, "Sessions across
/// nodes"): once a second it reads YARP's view of each origin (the same active and passive health
/// the rendezvous choice uses), and when an origin turns unhealthy, each of its sessions is closed
/// <c>origin_lost</c> — one closing webhook, one <c>session.end</c> — without waiting for a report a
/// dead origin cannot send. Players reconnect, and rendezvous hashing sends them to the next origin.
/// </summary>
internal sealed partial class OriginLossWatcher(
    IProxyStateLookup proxyState,
    SessionRegistry sessions,
    TimeProvider time,
    ILogger<OriginLossWatcher> logger) : BackgroundService
{
    /// <summary>How often the origins' health is read: a lost origin's sessions end within this after it is marked down.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private HashSet<string> _down = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(CheckInterval, time, stoppingToken);
                Check();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Ends the sessions of every origin that went down since the last check.</summary>
    internal void Check()
    {
        if (!proxyState.TryGetCluster(OriginRouting.ClusterId, out var cluster))
        {
            return;
        }

        var down = new HashSet<string>(StringComparer.Ordinal);
        foreach (var destination in cluster.Destinations.Values)
        {
            if (destination.Health.Active == DestinationHealth.Unhealthy || destination.Health.Passive == DestinationHealth.Unhealthy)
            {
                down.Add(destination.Model.Config.Address);
            }
        }

        foreach (var origin in down.Where(origin => !_down.Contains(origin)))
        {
            var ended = sessions.EndLost(session => session.Origin == origin, SessionEndReason.OriginLost);
            Log.SessionsLost(logger, origin, ended);
        }

        _down = down;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1908, EventName = "OriginSessionsLost", Level = LogLevel.Warning,
            Message = "Origin {Origin} is down: {Ended} session(s) it carried ended (origin_lost); their players reconnect through the next origin")]
        public static partial void SessionsLost(ILogger logger, string origin, int ended);
    }
}
