using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Our side of a session description. Chosen by the session, never by the browser, so the writers
/// trust these values: <see cref="CName"/> and <see cref="StreamId"/> are SDP tokens (letters,
/// digits, <c>-</c>), and <see cref="Ssrcs"/> holds every track that may be sent.
/// </summary>
/// <param name="Ice">Our ufrag and password for this session (a=ice-ufrag / a=ice-pwd).</param>
/// <param name="Fingerprint">The sha-256 fingerprint of our DTLS certificate.</param>
/// <param name="Candidates">Our host candidates (ICE-lite gathers nothing else).</param>
/// <param name="SessionId">The o= line's sess-id (RFC 8866 §5.2): random, at most 2^63−1 (RFC 8829 §5.2.1).</param>
/// <param name="CName">The RTCP CNAME (RFC 7022: random, per session), written on every a=ssrc line.</param>
/// <param name="StreamId">The a=msid stream id (RFC 8830) tying the tracks into one MediaStream.</param>
/// <param name="Ssrcs">The SSRC of each sent track, by <see cref="Frames.TrackDescription.TrackId"/>.</param>
internal sealed record LocalSdpParameters(
    IceCredentials Ice,
    DtlsFingerprint Fingerprint,
    IReadOnlyList<IceCandidate> Candidates,
    long SessionId,
    string CName,
    string StreamId,
    IReadOnlyDictionary<int, uint> Ssrcs);
