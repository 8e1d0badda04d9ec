namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// The names of the SRTP protection profiles as the IANA "DTLS-SRTP Protection Profiles" registry
/// spells them (RFC 5764 §4.1.2, RFC 7714 §14.2), which is how <see cref="DtlsOptions.SrtpProfiles"/>
/// names them, and the preference used when that option is not set.
/// </summary>
internal static class SrtpProfileNames
{
    /// <summary>AES-128-GCM (RFC 7714).</summary>
    public const string AeadAes128Gcm = "SRTP_AEAD_AES_128_GCM";

    /// <summary>AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 5764 §4.1.2).</summary>
    public const string AesCm128HmacSha1_80 = "SRTP_AES128_CM_HMAC_SHA1_80";

    /// <summary>
    /// GCM first: one AEAD pass over the packet instead of counter mode plus a separate HMAC-SHA1 pass
    /// (docs/benchmarks/srtp.md), then the profile every WebRTC endpoint must offer (RFC 8827 §6.5).
    /// </summary>
    public static IReadOnlyList<SrtpProfileId> DefaultPreference { get; } = [SrtpProfileId.AeadAes128Gcm, SrtpProfileId.AesCm128HmacSha1_80];

    /// <summary>Every name this server can negotiate, for error messages.</summary>
    public static string Supported => $"{AeadAes128Gcm}, {AesCm128HmacSha1_80}";

    /// <summary>The profile a registry name stands for (case-insensitive); false for anything we do not implement.</summary>
    public static bool TryParse(string? name, out SrtpProfileId profile)
    {
        profile = name?.Trim().ToUpperInvariant() switch
        {
            AeadAes128Gcm => SrtpProfileId.AeadAes128Gcm,
            AesCm128HmacSha1_80 => SrtpProfileId.AesCm128HmacSha1_80,
            _ => SrtpProfileId.None,
        };
        return profile != SrtpProfileId.None;
    }

    /// <summary>
    /// The server's preference from the configured names, most preferred first; the default when
    /// none are configured. Names are checked at start (<see cref="DtlsOptionsValidator"/>), so an
    /// unknown one here is a programming error.
    /// </summary>
    public static SrtpProfileId[] Preference(IReadOnlyList<string>? configured)
    {
        if (configured is null || configured.Count == 0)
        {
            return [.. DefaultPreference];
        }

        var preference = new SrtpProfileId[configured.Count];
        for (var i = 0; i < configured.Count; i++)
        {
            if (!TryParse(configured[i], out preference[i]))
            {
                throw new ArgumentException($"Unknown SRTP protection profile '{configured[i]}'.", nameof(configured));
            }
        }

        return preference;
    }
}
