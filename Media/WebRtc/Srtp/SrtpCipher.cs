using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The cryptographic transforms of one session key set (SRTP or SRTCP, one direction): AES-CM plus
/// HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1) or AES-GCM (RFC 7714). Holds native cipher and MAC contexts
/// that are reused per packet, so nothing is allocated after construction. Not thread-safe: each
/// direction and packet kind has its own instance. With AES-GCM an instance either seals (ours:
/// through <see cref="AesGcmSealer"/>, OpenSSL directly where it can) or opens (the peer's), so it
/// holds one native context, not two.
/// </summary>
internal sealed class SrtpCipher : IDisposable
{
    private const int GcmNonceLength = 12;
    private const int GcmTagLength = 16;

    private readonly byte[] _salt;
    private readonly AesCounterMode? _counterMode;
    private readonly IncrementalHash? _hmac;
    private readonly AesGcm? _gcm;
    private readonly IAesGcmSealer? _sealer;

    /// <param name="seals">With AES-GCM: true for a sender's cipher (<see cref="Seal"/>), false for a receiver's (<see cref="TryOpen"/>).</param>
    /// <param name="preferNativeGcm">False seals with .NET's <see cref="AesGcm"/> even where OpenSSL can be called directly (tests of both paths).</param>
    public SrtpCipher(SrtpProtectionProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey, bool seals = true, bool preferNativeGcm = true)
    {
        Profile = profile;
        _salt = salt.ToArray();
        if (profile == SrtpProtectionProfile.AeadAes128Gcm)
        {
            if (seals)
            {
                _sealer = AesGcmSealer.Create(key, preferNativeGcm);
            }
            else
            {
                _gcm = new AesGcm(key, GcmTagLength);
            }
        }
        else
        {
            _counterMode = new AesCounterMode(key);

            // RFC 3711 §5.2 makes HMAC-SHA1 mandatory; SHA-1's collision weakness does not carry over to HMAC.
#pragma warning disable CA5350
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key: authKey);
#pragma warning restore CA5350
        }
    }

    public SrtpProtectionProfile Profile { get; }

    public bool IsAead => _gcm is not null || _sealer is not null;

    /// <summary>
    /// AES-CM (RFC 3711 §4.1.1): IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); for SRTCP i is
    /// the 31-bit SRTCP index (§4.1, §3.4).
    /// </summary>
    public void ApplyKeystream(uint ssrc, ulong index, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        XorIndex48(iv.Slice(8, 6), index);
        _counterMode!.Transform(iv, source, destination);
    }

    /// <summary>
    /// HMAC-SHA1 over <paramref name="authenticated"/> || <paramref name="trailer"/>, truncated to the
    /// 80-bit tag (RFC 3711 §4.2.1). For SRTP the trailer is the ROC (§4.2); SRTCP has none (the E flag
    /// and index are part of the authenticated portion, §3.4).
    /// </summary>
    public void ComputeTag(ReadOnlySpan<byte> authenticated, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[20];
        _hmac!.AppendData(authenticated);
        if (!trailer.IsEmpty)
        {
            _hmac.AppendData(trailer);
        }

        _hmac.GetHashAndReset(mac);
        mac[..tag.Length].CopyTo(tag);
    }

    /// <summary>
    /// AES-GCM sealing with the 12-byte IV of RFC 7714 §8.1 / §9.1: (0x0000 || SSRC || 48-bit index)
    /// XOR salt, where the index is ROC || SEQ for SRTP and 0x0000 || 0 || SRTCP index for SRTCP.
    /// </summary>
    public void Seal(uint ssrc, ulong index, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[GcmNonceLength];
        BuildNonce(ssrc, index, nonce);
        (_sealer ?? throw new InvalidOperationException("This cipher opens; it was not made to seal.")).Seal(nonce, plaintext, ciphertext, tag, associatedData);
    }

    /// <summary>AES-GCM opening; false when the tag does not verify (RFC 7714 §8.2, §9.2).</summary>
    public bool TryOpen(uint ssrc, ulong index, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[GcmNonceLength];
        BuildNonce(ssrc, index, nonce);
        var gcm = _gcm ?? throw new InvalidOperationException("This cipher seals; it was not made to open.");
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET offers no non-throwing GCM decrypt; this exception is the only way it reports a
            // forged packet, and it is turned into a value right here.
            return false;
        }
    }

    public void Dispose()
    {
        _counterMode?.Dispose();
        _hmac?.Dispose();
        _gcm?.Dispose();
        _sealer?.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }

    private static void XorIndex48(Span<byte> destination, ulong index)
    {
        for (var i = 5; i >= 0; i--)
        {
            destination[i] ^= (byte)index;
            index >>= 8;
        }
    }

    private void BuildNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        XorIndex48(nonce[6..], index);
        for (var i = 0; i < GcmNonceLength; i++)
        {
            nonce[i] ^= _salt[i];
        }
    }
}
