using SecureStream.Media.Origin;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// The front door's side of the session-end seam when its origins are other processes (cluster
/// mode, front door only; docs/cluster.md, "Sessions across nodes"): a request to end a session is
/// published to every origin, and the one that carries it ends it and reports to this node's
/// channel (<see cref="FrontDoorSessionInbox"/>). The answer is true — the request was handed on —
/// so the registry waits for the report, except for the ends whose session no origin carries
/// (<see cref="NeverCarried"/>), which the registry closes at once. When the request reached no
/// origin at all (none subscribed, or Redis did not take it) the end is reported here at once,
/// with the requested reason and no octets; when it reached origins but no report comes (the
/// message was lost, or none carried the session) the registry's fallback sweep closes the
/// session after <c>SessionRegistry.OriginReportPatience</c>. Either way it closes exactly once.
/// </summary>
internal sealed partial class ClusterViewerSessionEnds(SharedState shared, ILogger<ClusterViewerSessionEnds> logger) : IViewerSessionEnds
{
    private IViewerSessionObserver? _observer;

    public bool RequestEnd(string sessionId, SessionEndReason reason)
    {
        _ = PublishAsync(sessionId, reason);
        return !NeverCarried(reason);
    }

    public void Observe(IViewerSessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Interlocked.CompareExchange(ref _observer, observer, null) is not null)
        {
            throw new InvalidOperationException("The session-end seam has an observer already.");
        }
    }

    /// <summary>
    /// Ends decided before or instead of any media at an origin: a snapshot (one request), an
    /// admission the origin refused, one the journal could not record. The request is still sent.
    /// </summary>
    internal static bool NeverCarried(SessionEndReason reason) =>
        reason is SessionEndReason.SnapshotServed or SessionEndReason.OriginRefused or SessionEndReason.AuditFailed;

    private async Task PublishAsync(string sessionId, SessionEndReason reason)
    {
        long origins;
        try
        {
            origins = await shared.PublishAsync(SessionChannels.Origins(shared), SessionMessage.EndRequest(sessionId, reason).Encode(), CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            Log.EndRequestNotSent(logger, sessionId, reason.ToCode());
            origins = 0;
        }

        if (origins == 0 && !NeverCarried(reason))
        {
            // No origin heard it, so none will report: the registry closes by session id (the
            // camera is not needed there) and does nothing if the session closed meanwhile.
            Volatile.Read(ref _observer)?.SessionEnded(new ViewerSessionEnd(sessionId, default, reason, 0));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1906, EventName = "EndRequestNotSent", Level = LogLevel.Warning,
            Message = "The request to end session {SessionId} ({Reason}) could not be published; the front door closes it itself")]
        public static partial void EndRequestNotSent(ILogger logger, string sessionId, string reason);
    }
}
