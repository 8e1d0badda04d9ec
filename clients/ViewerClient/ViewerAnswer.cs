using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// What a viewer acts on in the gateway's answer: the gateway's ICE credentials (the key of every
/// check the viewer sends), its certificate fingerprint (pinned in the DTLS handshake), its
/// candidates, and the tracks it will send.
/// </summary>
internal sealed record ViewerAnswer(
    IceCredentials RemoteIce,
    DtlsFingerprint Fingerprint,
    IReadOnlyList<ViewerCandidate> Candidates,
    IReadOnlyList<ViewerAnswerTrack> Tracks);
