namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// AES-GCM encryption with one key (RFC 7714's AEAD_AES_128_GCM: 12-byte nonce, 16-byte tag), the
/// only direction SRTP protect needs. <see cref="AesGcmSealer.Create"/> picks the implementation:
/// OpenSSL's EVP interface called directly where it was found at start
/// (<see cref="OpenSslAesGcmSealer"/>), else .NET's <see cref="System.Security.Cryptography.AesGcm"/>
/// (<see cref="PortableAesGcmSealer"/>). Not thread-safe: one instance per key and per caller.
/// </summary>
internal interface IAesGcmSealer : IDisposable
{
    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length; the same
    /// memory for in place, but no other overlap) and writes the tag, authenticating
    /// <paramref name="associatedData"/> too.
    /// </summary>
    void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);
}
