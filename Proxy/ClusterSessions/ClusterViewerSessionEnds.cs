using SecureStream.Media.Origin;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// The front door's side of the session-end seam when its origins are other processes (cluster
/// mode, front door only; docs/cluster.md, "Sessions across nodes"): a request to end a session is
/// published to every origin, and the one that carries it ends it and reports to this node's
/// channel (<see cref="FrontDoorSessionInbox"/>). The answer is always true — the request was
/// handed on — so the registry waits for the report; if none comes (the message was lost, or no
/// origin carried the session), its fallback sweep closes the session after
/// <c>SessionRegistry.OriginReportPatience</c> with the requested reason.
/// </summary>
internal sealed partial class ClusterViewerSessionEnds(SharedState shared, ILogger<ClusterViewerSessionEnds> logger) : IViewerSessionEnds
{
    public bool RequestEnd(string sessionId, SessionEndReason reason)
    {
        _ = PublishAsync(sessionId, reason);
        return true;
    }

    /// <summary>Reports arrive on this node's channel and go to the registry there; nothing to keep here.</summary>
    public void Observe(IViewerSessionObserver observer) => ArgumentNullException.ThrowIfNull(observer);

    private async Task PublishAsync(string sessionId, SessionEndReason reason)
    {
        try
        {
            await shared.PublishAsync(SessionChannels.Origins(shared), SessionMessage.EndRequest(sessionId, reason).Encode(), CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            Log.EndRequestNotSent(logger, sessionId, reason.ToCode());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1906, EventName = "EndRequestNotSent", Level = LogLevel.Warning,
            Message = "The request to end session {SessionId} ({Reason}) could not be published; the front door closes it itself within the report patience")]
        public static partial void EndRequestNotSent(ILogger logger, string sessionId, string reason);
    }
}
