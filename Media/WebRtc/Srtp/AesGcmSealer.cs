using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// Chooses how SRTP seals AES-GCM, once per process: OpenSSL directly on Linux when every function
/// resolves and a known message seals to what .NET's <see cref="AesGcm"/> gives (twice in a row on
/// one context, as packets follow each other), else <see cref="AesGcm"/> everywhere.
/// </summary>
internal static class AesGcmSealer
{
    private static readonly Lazy<bool> Native = new(ProbeNative);

    /// <summary>True when <see cref="Create"/> seals with OpenSSL directly (<see cref="OpenSslAesGcmSealer"/>).</summary>
    public static bool NativeAvailable => Native.Value;

    /// <summary>A sealer for <paramref name="key"/> with a 16-byte tag: the native one when available and <paramref name="preferNative"/>, else the portable one.</summary>
    public static IAesGcmSealer Create(ReadOnlySpan<byte> key, bool preferNative = true) =>
        preferNative && key.Length == 16 && NativeAvailable
            ? new OpenSslAesGcmSealer(key)
            : new PortableAesGcmSealer(key, OpenSslAesGcmSealer.TagLength);

    private static bool ProbeNative()
    {
        try
        {
            return OpenSslAesGcm.TryLoad() && SealsLikeAesGcm();
        }
        catch (Exception e) when (e is CryptographicException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The same key, nonces, associated data and plaintext through both; two messages in a row on one context.</summary>
    private static bool SealsLikeAesGcm()
    {
        Span<byte> key = stackalloc byte[16];
        Span<byte> nonce = stackalloc byte[OpenSslAesGcmSealer.NonceLength];
        Span<byte> associatedData = stackalloc byte[12];
        Span<byte> plaintext = stackalloc byte[61];
        for (var i = 0; i < plaintext.Length; i++)
        {
            plaintext[i] = (byte)((i * 7) + 1);
            if (i < key.Length)
            {
                key[i] = (byte)i;
            }

            if (i < nonce.Length)
            {
                nonce[i] = (byte)(0xA0 + i);
                associatedData[i] = (byte)(0x80 + i);
            }
        }

        using var native = new OpenSslAesGcmSealer(key);
        using var portable = new AesGcm(key, OpenSslAesGcmSealer.TagLength);
        Span<byte> sealedNative = stackalloc byte[plaintext.Length + OpenSslAesGcmSealer.TagLength];
        Span<byte> sealedPortable = stackalloc byte[plaintext.Length + OpenSslAesGcmSealer.TagLength];
        for (var message = 0; message < 2; message++)
        {
            nonce[^1] = (byte)message;
            native.Seal(nonce, plaintext, sealedNative[..plaintext.Length], sealedNative[plaintext.Length..], associatedData);
            portable.Encrypt(nonce, plaintext, sealedPortable[..plaintext.Length], sealedPortable[plaintext.Length..], associatedData);
            if (!sealedNative.SequenceEqual(sealedPortable))
            {
                return false;
            }
        }

        return true;
    }
}
