namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// The outcome of a DTLS-SRTP handshake, as a value. On success it carries the negotiated SRTP
/// profile and the exported keying material (RFC 5764 §4.2), from which the SRTP layer builds
/// its contexts; on failure only a reason code from <see cref="DtlsFailureReasons"/>, and no keys.
/// </summary>
/// <param name="Succeeded">Whether the handshake finished and the peer's certificate matched its SDP fingerprint.</param>
/// <param name="FailureReason">A <see cref="DtlsFailureReasons"/> code when <paramref name="Succeeded"/> is false.</param>
/// <param name="Profile">The negotiated profile, <see cref="SrtpProfileId.None"/> on failure.</param>
/// <param name="KeyingMaterial">
/// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
/// server_write_SRTP_master_salt (RFC 5764 §4.2); empty on failure. Secret: never log it.
/// </param>
internal sealed record DtlsHandshakeResult(bool Succeeded, string? FailureReason, SrtpProfileId Profile, byte[] KeyingMaterial)
{
    /// <summary>A successful handshake.</summary>
    public static DtlsHandshakeResult Success(SrtpProfileId profile, byte[] keyingMaterial)
    {
        if (keyingMaterial.Length != SrtpProfileLengths.KeyingMaterialLength(profile))
        {
            throw new ArgumentException("The keying material does not fit the profile (RFC 5764 §4.2).", nameof(keyingMaterial));
        }

        return new DtlsHandshakeResult(true, null, profile, keyingMaterial);
    }

    /// <summary>A failed handshake: a reason, nothing exported.</summary>
    public static DtlsHandshakeResult Failure(string reason) => new(false, reason, SrtpProfileId.None, []);

    /// <summary>The master key the browser (the DTLS client) encrypts with: what we decrypt SRTCP/SRTP from it with.</summary>
    public ReadOnlyMemory<byte> ClientWriteKey => Slice(0, Key);

    /// <summary>The master key we (the DTLS server) encrypt with.</summary>
    public ReadOnlyMemory<byte> ServerWriteKey => Slice(Key, Key);

    /// <summary>The master salt paired with <see cref="ClientWriteKey"/>.</summary>
    public ReadOnlyMemory<byte> ClientWriteSalt => Slice(2 * Key, Salt);

    /// <summary>The master salt paired with <see cref="ServerWriteKey"/>.</summary>
    public ReadOnlyMemory<byte> ServerWriteSalt => Slice((2 * Key) + Salt, Salt);

    private int Key => Succeeded ? SrtpProfileLengths.KeyLength(Profile) : 0;

    private int Salt => Succeeded ? SrtpProfileLengths.SaltLength(Profile) : 0;

    /// <summary>Never prints the keying material.</summary>
    public override string ToString() => Succeeded
        ? $"DtlsHandshakeResult(Succeeded, {Profile}, {KeyingMaterial.Length} bytes of keying material)"
        : $"DtlsHandshakeResult(Failed, {FailureReason})";

    private ReadOnlyMemory<byte> Slice(int start, int length) => KeyingMaterial.AsMemory(start, length);
}
