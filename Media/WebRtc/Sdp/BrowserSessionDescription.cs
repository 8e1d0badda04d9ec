using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// A browser's offer or answer after every security-relevant check: one set of ICE credentials,
/// one sha-256 certificate fingerprint, a DTLS role that leaves us the server, every live section
/// in one BUNDLE group with rtcp-mux.
/// </summary>
/// <param name="RemoteIce">The browser's ufrag and password (the key of the checks we answer).</param>
/// <param name="Fingerprint">The browser's certificate must match it (docs/security.md: DTLS certificate must match the SDP fingerprint).</param>
/// <param name="BundleMids">The BUNDLE group, in the order written.</param>
internal sealed record BrowserSessionDescription(
    IceCredentials RemoteIce,
    DtlsFingerprint Fingerprint,
    DtlsSetupRole Setup,
    IReadOnlyList<string> BundleMids,
    IReadOnlyList<BrowserMediaSection> Sections)
{
    /// <summary>
    /// The viewer's candidates of its live sections that name an IP address (at most
    /// <see cref="IceRemoteCandidates.Capacity"/>): only to tell the path its checks later take;
    /// ICE-lite learns the addresses it answers from the checks themselves.
    /// </summary>
    public IReadOnlyList<IceRemoteCandidate> Candidates { get; init; } = [];
}
