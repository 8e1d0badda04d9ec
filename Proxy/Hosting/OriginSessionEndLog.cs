using SecureStream.Media.Origin;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// A standalone origin's session ends: logged (event 1802), since no front door in this process
/// can close the admitted session. In cluster mode the end is also published to the front door
/// that admitted it (docs/cluster.md, "Sessions across nodes"); on its own the origin only logs.
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
