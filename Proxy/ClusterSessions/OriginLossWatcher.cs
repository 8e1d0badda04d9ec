using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Ends the sessions of an origin the health checks mark down (docs/cluster.md, "Sessions across
/// nodes"): told by <see cref="OriginAvailability"/>, which sees every change of the origins'
/// health (the same active and passive health the rendezvous choice uses), each of the origin's
/// sessions is closed <c>origin_lost</c> — one closing webhook, one <c>session.end</c> — without
/// waiting for a report a dead origin cannot send. Players reconnect, and rendezvous hashing sends
/// them to the next origin.
/// </summary>
internal sealed partial class OriginLossWatcher(
    OriginAvailability availability,
    SessionRegistry sessions,
    ILogger<OriginLossWatcher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        availability.OriginDown += EndSessionsOf;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        availability.OriginDown -= EndSessionsOf;
        return Task.CompletedTask;
    }

    private void EndSessionsOf(string origin)
    {
        var ended = sessions.EndLost(session => session.Origin == origin, SessionEndReason.OriginLost);
        Log.SessionsLost(logger, origin, ended);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1908, EventName = "OriginSessionsLost", Level = LogLevel.Warning,
            Message = "Origin {Origin} is down: {Ended} session(s) it carried ended (origin_lost); their players reconnect through the next origin")]
        public static partial void SessionsLost(ILogger logger, string origin, int ended);
    }
}
