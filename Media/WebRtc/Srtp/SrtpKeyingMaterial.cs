namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The SRTP master keys and salts of one DTLS association, split from the DTLS exporter output and
/// assigned to directions by our DTLS role. <see cref="ToString"/> never shows a key.
/// </summary>
internal sealed class SrtpKeyingMaterial
{
    private readonly byte[] _localMasterKey;
    private readonly byte[] _localMasterSalt;
    private readonly byte[] _remoteMasterKey;
    private readonly byte[] _remoteMasterSalt;

    private SrtpKeyingMaterial(
        SrtpProtectionProfile profile,
        SrtpEndpointRole role,
        byte[] localMasterKey,
        byte[] localMasterSalt,
        byte[] remoteMasterKey,
        byte[] remoteMasterSalt)
    {
        Profile = profile;
        Role = role;
        _localMasterKey = localMasterKey;
        _localMasterSalt = localMasterSalt;
        _remoteMasterKey = remoteMasterKey;
        _remoteMasterSalt = remoteMasterSalt;
    }

    public SrtpProtectionProfile Profile { get; }

    /// <summary>Our DTLS role; the gateway is <see cref="SrtpEndpointRole.Server"/>.</summary>
    public SrtpEndpointRole Role { get; }

    /// <summary>The master key we encrypt (write) with.</summary>
    internal ReadOnlySpan<byte> LocalMasterKey => _localMasterKey;

    internal ReadOnlySpan<byte> LocalMasterSalt => _localMasterSalt;

    /// <summary>The master key the peer encrypts with; we decrypt with it.</summary>
    internal ReadOnlySpan<byte> RemoteMasterKey => _remoteMasterKey;

    internal ReadOnlySpan<byte> RemoteMasterSalt => _remoteMasterSalt;

    /// <summary>
    /// Splits the keying material exported from the DTLS association (label "EXTRACTOR-dtls_srtp",
    /// <see cref="SrtpProfileParameters.ExporterLength"/> bytes) per RFC 5764 §4.2:
    /// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
    /// server_write_SRTP_master_salt. The exporter output is ours, not the peer's, so a wrong length or
    /// profile is a programming error and throws.
    /// </summary>
    public static SrtpKeyingMaterial FromDtlsExporter(
        ReadOnlySpan<byte> exported,
        SrtpProtectionProfile profile,
        SrtpEndpointRole role)
    {
        if (!SrtpProfileParameters.IsSupported(profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        var keyLength = SrtpProfileParameters.KeyLength;
        var saltLength = SrtpProfileParameters.SaltLength(profile);
        if (exported.Length != SrtpProfileParameters.ExporterLength(profile))
        {
            throw new ArgumentException(
                $"The DTLS exporter must provide {SrtpProfileParameters.ExporterLength(profile)} bytes for {profile}.",
                nameof(exported));
        }

        var clientKey = exported[..keyLength].ToArray();
        var serverKey = exported.Slice(keyLength, keyLength).ToArray();
        var clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = exported.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        return role == SrtpEndpointRole.Server
            ? new SrtpKeyingMaterial(profile, role, serverKey, serverSalt, clientKey, clientSalt)
            : new SrtpKeyingMaterial(profile, role, clientKey, clientSalt, serverKey, serverSalt);
    }

    /// <summary>Redacted: names the profile and role, never a key or salt.</summary>
    public override string ToString() => $"SrtpKeyingMaterial({Profile}, {Role}, keys redacted)";
}
