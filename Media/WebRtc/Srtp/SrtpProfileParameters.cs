namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// Lengths each <see cref="SrtpProtectionProfile"/> fixes: master key and salt (RFC 5764 §4.1.2,
/// RFC 7714 §14.2), session keys (RFC 3711 §4.3), tags and the SRTCP trailer (RFC 3711 §3.4, RFC 7714 §9).
/// </summary>
internal static class SrtpProfileParameters
{
    /// <summary>Both profiles use AES-128: a 16-byte master key and 16-byte session encryption keys.</summary>
    public const int KeyLength = 16;

    /// <summary>HMAC-SHA1 session authentication key, n_a = 160 bits (RFC 3711 §4.2.1, §8.2).</summary>
    public const int AuthKeyLength = 20;

    /// <summary>The SRTCP E flag and 31-bit index that follow the (encrypted) RTCP payload (RFC 3711 §3.4).</summary>
    public const int SrtcpIndexLength = 4;

    public static bool IsSupported(SrtpProtectionProfile profile) =>
        profile is SrtpProtectionProfile.AesCm128HmacSha1Tag80 or SrtpProtectionProfile.AeadAes128Gcm;

    /// <summary>Master and session salt: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for GCM (RFC 7714 §14.2).</summary>
    public static int SaltLength(SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Tag length: 80 bits for HMAC-SHA1-80 (RFC 3711 §5.2), 16 bytes for GCM (RFC 7714 §14.2).</summary>
    public static int TagLength(SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes SRTP adds to an RTP packet (the tag; no MKI).</summary>
    public static int RtpOverhead(SrtpProtectionProfile profile) => TagLength(profile);

    /// <summary>Bytes SRTCP adds to an RTCP packet: E flag with index, and the tag.</summary>
    public static int RtcpOverhead(SrtpProtectionProfile profile) => SrtcpIndexLength + TagLength(profile);

    /// <summary>
    /// Bytes of DTLS exporter output (label "EXTRACTOR-dtls_srtp") the profile needs: both sides' master
    /// keys and salts (RFC 5764 §4.2).
    /// </summary>
    public static int ExporterLength(SrtpProtectionProfile profile) => 2 * (KeyLength + SaltLength(profile));
}
