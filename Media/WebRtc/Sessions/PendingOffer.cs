using System.Diagnostics.CodeAnalysis;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// Our offer waiting for the browser's answer (OME WebSocket protocol): the SDP sent, and the ICE
/// credentials, certificate and SSRCs it named, which the session must then use.
/// </summary>
internal sealed record PendingOffer(OmeOffer? Offer, string? Reason, DtlsCertificate Certificate, LocalSdpParameters Local)
{
    [MemberNotNullWhen(true, nameof(Offer))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Offer is not null;
}
