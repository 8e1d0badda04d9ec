namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// Why a packet on the ICE port was dropped. A drop is never answered and never changes state;
/// each is counted (<see cref="IceDropCounters"/>) and reported once per interval, not per packet.
/// </summary>
internal enum IceDropReason
{
    None = 0,

    /// <summary>Not a well-formed STUN message (header, lengths, attribute layout).</summary>
    MalformedStun,

    /// <summary>STUN, but not a Binding request (responses, indications, other methods).</summary>
    NotBindingRequest,

    /// <summary>No FINGERPRINT (RFC 8445 §7.2.2 requires it on checks).</summary>
    MissingFingerprint,

    /// <summary>FINGERPRINT does not match (RFC 8489 §14.7).</summary>
    BadFingerprint,

    /// <summary>No usable USERNAME.</summary>
    MissingUsername,

    /// <summary>USERNAME's local part names no session on this port.</summary>
    UnknownUfrag,

    /// <summary>The session does not know the remote ufrag yet (its SDP has not arrived).</summary>
    RemoteUfragUnknown,

    /// <summary>USERNAME is not exactly "local-ufrag:remote-ufrag" (RFC 8445 §7.2.2).</summary>
    UfragMismatch,

    /// <summary>No MESSAGE-INTEGRITY.</summary>
    MissingIntegrity,

    /// <summary>MESSAGE-INTEGRITY does not verify with the local password (RFC 8489 §14.5).</summary>
    BadIntegrity,

    /// <summary>Verified, but no PRIORITY (RFC 8445 §7.1.1 requires it).</summary>
    MissingPriority,

    /// <summary>The session already has as many remote addresses as it may.</summary>
    TooManyAddresses,

    /// <summary>The agent has failed (consent lost) or was disposed.</summary>
    AgentClosed,

    /// <summary>DTLS, RTP or RTCP from an address that never passed a verified check.</summary>
    UnverifiedAddress,

    /// <summary>A first byte that no protocol on this port uses (RFC 7983).</summary>
    UnknownPacketType,

    /// <summary>The session's handler threw; the packet is lost, the endpoint keeps running.</summary>
    HandlerFailed,

    /// <summary>
    /// An ICE-TCP connection beyond <see cref="IceEndpointOptions.MaxTcpConnections"/> or
    /// <see cref="IceEndpointOptions.MaxUnverifiedTcpConnections"/> that could take no one's place: closed on accept.
    /// </summary>
    TooManyConnections,

    /// <summary>An ICE-TCP frame of length zero (RFC 4571): the connection is closed.</summary>
    BadFrame,

    /// <summary>An ICE-TCP connection brought no verified check within <see cref="IceEndpointOptions.TcpVerificationTimeout"/>: closed.</summary>
    TcpNotVerified,

    /// <summary>An ICE-TCP connection from a source already holding <see cref="IceEndpointOptions.MaxUnverifiedTcpConnectionsPerAddress"/> unverified ones: closed on accept.</summary>
    TcpSourceOverShare,

    /// <summary>An unverified ICE-TCP connection closed to make room for one from a source holding fewer.</summary>
    TcpEvicted,

    /// <summary>A frame longer than <see cref="IceTcpListener.MaxUnverifiedFrameSize"/> on a connection with no verified check: closed.</summary>
    UnverifiedFrameTooLarge,
}
