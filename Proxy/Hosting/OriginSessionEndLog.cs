using SecureStream.Media.Origin;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// A standalone origin's session ends: logged (event 1802), since no front door in this process
/// can close the admitted session. The front door that admitted it learns of the end only from the
/// viewer's own signalling until sessions travel between processes (docs/architecture.md).
/// </summary>
internal sealed class OriginSessionEndLog(ILogger<OriginSessionEndLog> logger) : IViewerSessionObserver
{
    public void SessionEnded(ViewerSessionEnd ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        var reason = ended.Reason.ToCode();
        OriginHost.Log.SessionEnded(logger, ended.SessionId, ended.Camera, reason, ended.OctetsSent);
    }
}
