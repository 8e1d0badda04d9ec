using SecureStream.Media.Origin;
using SecureStream.Media.WebRtc.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Ties the front door's admitted sessions to the embedded origin's viewer sessions, both ways,
/// so a session ended on either side ends on the other and is closed exactly once: one closing
/// webhook and one <c>session.end</c> record with the real reason and byte count. (In a cluster
/// the same two calls will travel between processes.)
/// </summary>
internal sealed class EmbeddedOriginSessions(IServiceProvider services) : IOriginSessions, IViewerSessionObserver
{
    // Resolved on first use: the registry and the origin's viewers each depend on this bridge.
    private SessionRegistry Registry => services.GetRequiredService<SessionRegistry>();

    private IOriginViewerSessions Viewers => services.GetRequiredService<IOriginViewerSessions>();

    public (long OctetsSent, SessionEndReason Reason) End(string sessionId, SessionEndReason reason)
    {
        if (!Viewers.TryGetOctetsSent(sessionId, out var octets))
        {
            return (0, reason);
        }

        var code = SessionCloser.ToCode(reason);
        var endedAs = Viewers.EndSession(sessionId, code);
        if (endedAs is null || endedAs == code)
        {
            return (octets, reason);
        }

        // The origin decided first (its deadline timer, the camera, lost consent, the viewer's
        // close_notify): that is the cause, even when the front door's own ending (the viewer's
        // DELETE reacting to our close_notify, the WebSocket closing after it) got here before
        // the origin's report.
        return (octets, ReasonOf(endedAs));
    }

    public void SessionEnded(ViewerSessionEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (Registry.TryGet(end.SessionId, out var session))
        {
            Registry.EndFromOrigin(session!, ReasonOf(end.Reason), end.OctetsSent);
        }
    }

    /// <summary>The origin's end codes in the front door's closed list (docs/audit.md).</summary>
    internal static SessionEndReason ReasonOf(string originReason) => originReason switch
    {
        ViewerEndReasons.WhepDelete => SessionEndReason.WhepDelete,
        ViewerEndReasons.HangUp or WebRtcSessionEndReasons.DtlsClosed => SessionEndReason.HangUp,
        ViewerEndReasons.Shutdown => SessionEndReason.Shutdown,
        WebRtcSessionEndReasons.Deadline => SessionEndReason.Deadline,
        WebRtcSessionEndReasons.ConsentLost => SessionEndReason.ConsentLost,
        WebRtcSessionEndReasons.DtlsFailed => SessionEndReason.ConnectFailed,
        WebRtcSessionEndReasons.CameraEnded => SessionEndReason.CameraGone,
        _ => SessionEndReason.OriginError,
    };
}
