using SecureStream.Media.Origin;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// A standalone origin's side of sessions across nodes (cluster mode; docs/cluster.md, "Sessions
/// across nodes"): every session end is logged and published to the channel of the front door that
/// admitted it (the ticket's node), and the front doors' end requests, broadcast to all origins,
/// are passed to this origin's viewers — which ignore a session they do not carry.
/// </summary>
internal sealed partial class OriginSessionTransport(
    SharedState shared,
    SessionMessageInbox inbox,
    IViewerSessionEnds viewers,
    OriginSessionEndLog endLog,
    ILogger<OriginSessionTransport> logger) : BackgroundService, IViewerSessionObserver
{
    public void SessionEnded(ViewerSessionEnd ended)
    {
        endLog.SessionEnded(ended);
        if (ended.AdmittedBy is { } node && SecureStream.Policy.Audit.NodeIdRule.IsValid(node))
        {
            _ = PublishAsync(node, ended);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await inbox.ListenAsync(SessionChannels.Origins(shared), Handle, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped before Redis answered.
        }
    }

    internal void Handle(SessionMessage message)
    {
        if (message.Kind == SessionMessageKind.EndRequest)
        {
            viewers.RequestEnd(message.SessionId, message.Reason);
        }
        else
        {
            inbox.Refuse(SessionChannels.Origins(shared).ToString());
        }
    }

    private async Task PublishAsync(string node, ViewerSessionEnd ended)
    {
        try
        {
            var message = SessionMessage.Ended(ended.SessionId, ended.Reason, ended.OctetsSent).Encode();
            await shared.PublishAsync(SessionChannels.Node(shared, node), message, CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            Log.EndNotPublished(logger, ended.SessionId, node);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1907, EventName = "SessionEndNotPublished", Level = LogLevel.Warning,
            Message = "The end of session {SessionId} could not be published to front door {Node}; it closes the session itself within its report patience")]
        public static partial void EndNotPublished(ILogger logger, string sessionId, string node);
    }
}
