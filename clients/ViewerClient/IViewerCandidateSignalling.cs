using System.Net;

namespace SecureStream.ViewerClient;

/// <summary>
/// Signalling that also tells the gateway the viewer's own candidate once the viewer's socket
/// exists (RFC 8838 trickle ICE). A gateway that only answers checks (ICE-lite) may still need it:
/// libnice (Janus) pairs no peer-reflexive candidate learnt from a check, so its ICE never
/// completes without the host candidate. <see cref="WebRtcViewer"/> sends it before its first check.
/// </summary>
internal interface IViewerCandidateSignalling
{
    Task SendCandidateAsync(IPEndPoint local, CancellationToken cancellationToken);
}
