namespace SecureStream.ViewerClient;

/// <summary>Settings of one <see cref="WebRtcViewer"/>.</summary>
internal sealed class WebRtcViewerOptions
{
    /// <summary>Signalling, ICE and DTLS each must finish within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RFC 7675 §5.1: consent is refreshed about every 5 s (the gateway ends a session after its consent timeout, 30 s by default).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The viewer's DTLS certificate, which many viewers may share; a fresh one when null.</summary>
    public ViewerIdentity? Identity { get; init; }

    /// <summary>Offer audio as well as video.</summary>
    public bool Audio { get; init; } = true;

    /// <summary>
    /// Also send to gateway candidates on another address of this machine, not only loopback
    /// (<see cref="LocalAddresses.IsOnThisMachine"/>): Janus gathers no loopback candidate.
    /// Packets still never leave the machine.
    /// </summary>
    public bool AcceptLocalInterfaceCandidates { get; init; }

    /// <summary>
    /// The SRTP protection profiles the DTLS client offers in <c>use_srtp</c>, in offer order (IANA
    /// ids, RFC 5764 §4.1.2, RFC 7714 §14.2): AES-128-GCM and AES-CM with HMAC-SHA1-80 by default,
    /// the two this client can decrypt. The gateway picks by its own preference.
    /// </summary>
    public IReadOnlyList<int> SrtpProfiles { get; init; } = [0x0007, 0x0001];

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
