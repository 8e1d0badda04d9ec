namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// Master key and master salt lengths of the SRTP protection profiles we negotiate, which fix how
/// much keying material the DTLS exporter must produce (RFC 5764 §4.2).
/// </summary>
internal static class SrtpProfileLengths
{
    /// <summary>The master key length in bytes: 16 for both profiles (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int KeyLength(SrtpProfileId profile) => profile switch
    {
        SrtpProfileId.AesCm128HmacSha1_80 => 16,
        SrtpProfileId.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not a negotiable SRTP profile."),
    };

    /// <summary>The master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for AES-GCM (RFC 7714 §12).</summary>
    public static int SaltLength(SrtpProfileId profile) => profile switch
    {
        SrtpProfileId.AesCm128HmacSha1_80 => 14,
        SrtpProfileId.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not a negotiable SRTP profile."),
    };

    /// <summary>
    /// RFC 5764 §4.2: the exporter output is client key, server key, client salt, server salt,
    /// so its length is 2 × (key + salt).
    /// </summary>
    public static int KeyingMaterialLength(SrtpProfileId profile) => 2 * (KeyLength(profile) + SaltLength(profile));
}
