using SecureStream.Media.Origin;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// This front door's channel (docs/cluster.md, "Sessions across nodes"): origins report the ends
/// of the sessions it admitted, and other front doors send the kicks an administrator asked them
/// for. A message can only touch a session this node holds: a report goes to the registry's
/// observer path (one closing, with the origin's reason and octets), a kick runs the same kick as
/// the management API here. A report for a session already closed does nothing; anything else
/// (an end request, which is for origins) is refused and counted.
/// </summary>
internal sealed class FrontDoorSessionInbox(
    SharedState shared,
    SessionMessageInbox inbox,
    SessionRegistry sessions,
    SessionKick kick) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await inbox.ListenAsync(SessionChannels.Node(shared, shared.NodeId), Handle, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped before Redis answered.
        }
    }

    internal void Handle(SessionMessage message)
    {
        switch (message.Kind)
        {
            case SessionMessageKind.Ended:
                if (sessions.TryGet(message.SessionId, out var session))
                {
                    sessions.SessionEnded(new ViewerSessionEnd(session!.Id, session.Camera, message.Reason, message.OctetsSent));
                }

                break;
            case SessionMessageKind.Kick:
                _ = kick.KickAsync(message.SessionId, message.Administrator!, message.Admin, message.ViaNode, CancellationToken.None);
                break;
            default:
                inbox.Refuse(SessionChannels.Node(shared, shared.NodeId).ToString());
                break;
        }
    }
}
