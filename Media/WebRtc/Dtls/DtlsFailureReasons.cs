namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// Why a DTLS handshake failed: short, stable codes for logs, audit records and metric tags.
/// A closed list; nothing else is ever reported.
/// </summary>
internal static class DtlsFailureReasons
{
    /// <summary>The client's certificate does not hash to the <c>a=fingerprint</c> of its SDP (RFC 8122 §5).</summary>
    public const string FingerprintMismatch = "fingerprint_mismatch";

    /// <summary>The client sent no certificate although WebRTC requires one (RFC 8827 §6.5).</summary>
    public const string NoClientCertificate = "no_client_certificate";

    /// <summary>The client offered no <c>use_srtp</c> profile we support, or an MKI we do not use (RFC 5764 §4.1.1).</summary>
    public const string NoSrtpProfile = "no_srtp_profile";

    /// <summary>The handshake did not finish within the configured time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The caller cancelled the handshake (session closed, shutdown).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The client sent a fatal alert during the handshake.</summary>
    public const string PeerAlert = "peer_alert";

    /// <summary>Any other protocol failure (bad message, unsupported cipher suites, bad signature).</summary>
    public const string HandshakeFailed = "handshake_failed";
}
