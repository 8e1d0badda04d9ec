namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// An SRTP protection profile negotiated through the DTLS <c>use_srtp</c> extension. The values
/// are the two-byte identifiers of the IANA "DTLS-SRTP Protection Profiles" registry
/// (RFC 5764 §4.1.2, RFC 7714 §14.2), so they can be compared with what a peer sends.
/// </summary>
internal enum SrtpProfileId
{
    /// <summary>Nothing negotiated (a failed handshake).</summary>
    None = 0x0000,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2): 128-bit key, 112-bit salt.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2): 128-bit key, 96-bit salt.</summary>
    AeadAes128Gcm = 0x0007,
}
