using SecureStream.Policy.Redis;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Renews this front door's heartbeat and rewrites its live session hash every
/// <see cref="LiveSessionDirectory.HeartbeatInterval"/> (docs/cluster.md, "Sessions across nodes"),
/// so a write lost while Redis was away is repaired within one interval. On stop it simply stops:
/// the sessions unlist themselves as they close, and the heartbeat lapses.
/// </summary>
internal sealed class LiveSessionHeartbeat(SessionRegistry sessions, LiveSessionDirectory directory, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await directory.RefreshAsync(sessions.All.ToArray(), stoppingToken);
                }
                catch (SharedStateUnavailableException)
                {
                    // Logged once per outage by SharedState; the next beat tries again.
                }

                await Task.Delay(LiveSessionDirectory.HeartbeatInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the sessions end and unlist themselves; the heartbeat lapses.
        }
    }
}
