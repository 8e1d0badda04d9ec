using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The session keys of one direction (RFC 3711 §4.3): encryption key, salt and (AES-CM only)
/// authentication key, separately for SRTP and SRTCP. <see cref="ToString"/> never shows a key.
/// </summary>
internal sealed class SrtpSessionKeys
{
    private readonly byte[] _rtpKey;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtpAuthKey;
    private readonly byte[] _rtcpKey;
    private readonly byte[] _rtcpSalt;
    private readonly byte[] _rtcpAuthKey;

    /// <summary>Session keys given directly (RFC test vectors give session, not master, keys).</summary>
    public SrtpSessionKeys(
        SrtpProtectionProfile profile,
        ReadOnlySpan<byte> rtpKey,
        ReadOnlySpan<byte> rtpSalt,
        ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey,
        ReadOnlySpan<byte> rtcpSalt,
        ReadOnlySpan<byte> rtcpAuthKey)
    {
        var saltLength = SrtpProfileParameters.SaltLength(profile);
        var authLength = profile == SrtpProtectionProfile.AeadAes128Gcm ? 0 : SrtpProfileParameters.AuthKeyLength;
        if (!SrtpProfileParameters.IsSupported(profile)
            || rtpKey.Length != SrtpProfileParameters.KeyLength || rtcpKey.Length != SrtpProfileParameters.KeyLength
            || rtpSalt.Length != saltLength || rtcpSalt.Length != saltLength
            || rtpAuthKey.Length != authLength || rtcpAuthKey.Length != authLength)
        {
            throw new ArgumentException($"Session key lengths do not match {profile}.");
        }

        Profile = profile;
        _rtpKey = rtpKey.ToArray();
        _rtpSalt = rtpSalt.ToArray();
        _rtpAuthKey = rtpAuthKey.ToArray();
        _rtcpKey = rtcpKey.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
        _rtcpAuthKey = rtcpAuthKey.ToArray();
    }

    public SrtpProtectionProfile Profile { get; }

    public ReadOnlySpan<byte> RtpKey => _rtpKey;

    public ReadOnlySpan<byte> RtpSalt => _rtpSalt;

    /// <summary>HMAC-SHA1 key for SRTP; empty for GCM, whose tag comes from the cipher.</summary>
    public ReadOnlySpan<byte> RtpAuthKey => _rtpAuthKey;

    public ReadOnlySpan<byte> RtcpKey => _rtcpKey;

    public ReadOnlySpan<byte> RtcpSalt => _rtcpSalt;

    public ReadOnlySpan<byte> RtcpAuthKey => _rtcpAuthKey;

    /// <summary>Derives all six session keys from one side's master key and salt (RFC 3711 §4.3.1, §4.3.2).</summary>
    public static SrtpSessionKeys Derive(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var saltLength = SrtpProfileParameters.SaltLength(profile);
        var authLength = profile == SrtpProtectionProfile.AeadAes128Gcm ? 0 : SrtpProfileParameters.AuthKeyLength;
        Span<byte> buffer = stackalloc byte[(2 * SrtpProfileParameters.KeyLength) + (2 * 14) + (2 * SrtpProfileParameters.AuthKeyLength)];
        var rtpKey = buffer[..SrtpProfileParameters.KeyLength];
        var rtcpKey = buffer.Slice(SrtpProfileParameters.KeyLength, SrtpProfileParameters.KeyLength);
        var rtpSalt = buffer.Slice(2 * SrtpProfileParameters.KeyLength, saltLength);
        var rtcpSalt = buffer.Slice((2 * SrtpProfileParameters.KeyLength) + 14, saltLength);
        var rtpAuth = buffer.Slice((2 * SrtpProfileParameters.KeyLength) + 28, authLength);
        var rtcpAuth = buffer.Slice((2 * SrtpProfileParameters.KeyLength) + 28 + SrtpProfileParameters.AuthKeyLength, authLength);
        try
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, rtpKey);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, rtpSalt);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, rtpAuth);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, rtcpKey);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, rtcpSalt);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, rtcpAuth);
            return new SrtpSessionKeys(profile, rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Redacted: names the profile, never a key.</summary>
    public override string ToString() => $"SrtpSessionKeys({Profile}, keys redacted)";
}
