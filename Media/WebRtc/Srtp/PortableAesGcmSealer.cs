using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>AES-GCM sealing through .NET's <see cref="AesGcm"/>: every platform, and Linux when OpenSSL could not be called directly.</summary>
internal sealed class PortableAesGcmSealer : IAesGcmSealer
{
    private readonly AesGcm _gcm;

    public PortableAesGcmSealer(ReadOnlySpan<byte> key, int tagLength)
    {
        _gcm = new AesGcm(key, tagLength);
    }

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        _gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    public void Dispose() => _gcm.Dispose();
}
