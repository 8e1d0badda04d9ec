using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static SecureStream.Media.WebRtc.Srtp.OpenSslAesGcm;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// AES-128-GCM sealing with one OpenSSL cipher context per key, keyed once; per message five EVP
/// calls (set the nonce, the associated data, the plaintext, finish, read the tag) and one
/// reference count on the context, nothing allocated. Only after <see cref="OpenSslAesGcm.TryLoad"/>
/// succeeded (<see cref="AesGcmSealer"/> sees to it).
/// </summary>
internal sealed unsafe class OpenSslAesGcmSealer : IAesGcmSealer
{
    public const int NonceLength = 12;
    public const int TagLength = 16;
    private const int KeyLength = 16;

    private readonly CipherContextHandle _context;

    public OpenSslAesGcmSealer(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException("AES-128-GCM takes a 16-byte key.", nameof(key));
        }

        if (!Loaded)
        {
            throw new PlatformNotSupportedException("OpenSSL's EVP functions were not resolved (AesGcmSealer.NativeAvailable is false).");
        }

        _context = new CipherContextHandle(CipherContextNew());
        if (_context.IsInvalid)
        {
            throw new CryptographicException("OpenSSL could not allocate a cipher context.");
        }

        fixed (byte* keyBytes = key)
        {
            // The nonce comes with every message; the default nonce length is GCM's 12 bytes.
            if (EncryptInit(_context.DangerousGetHandle(), Aes128Gcm(), 0, keyBytes, null) != 1)
            {
                ClearErrors();
                _context.Dispose();
                throw new CryptographicException("OpenSSL refused the AES-128-GCM key.");
            }
        }
    }

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("AES-GCM here takes a 12-byte nonce.", nameof(nonce));
        }

        if (tag.Length != TagLength)
        {
            throw new ArgumentException("AES-GCM here writes a 16-byte tag.", nameof(tag));
        }

        if (ciphertext.Length != plaintext.Length)
        {
            throw new ArgumentException("The ciphertext must be as long as the plaintext.", nameof(ciphertext));
        }

        // OpenSSL encrypts in place, but not into memory that overlaps the input any other way.
        if (plaintext.Overlaps(ciphertext, out var shift) && shift != 0)
        {
            throw new ArgumentException("The ciphertext overlaps the plaintext other than in place.", nameof(ciphertext));
        }

        var added = false;
        _context.DangerousAddRef(ref added);
        try
        {
            var context = _context.DangerousGetHandle();
            Span<byte> final = stackalloc byte[TagLength];
            int written;
            fixed (byte* nonceBytes = nonce)
            fixed (byte* data = associatedData)
            fixed (byte* input = plaintext)
            fixed (byte* output = ciphertext)
            fixed (byte* finalBytes = final)
            fixed (byte* tagBytes = tag)
            {
                // A new nonce restarts the message: counters, GHASH and lengths (the key is kept).
                var ok = EncryptInit(context, 0, 0, null, nonceBytes) == 1
                    && (associatedData.IsEmpty || EncryptUpdate(context, null, &written, data, associatedData.Length) == 1)
                    && (plaintext.IsEmpty || EncryptUpdate(context, output, &written, input, plaintext.Length) == 1)
                    && EncryptFinal(context, finalBytes, &written) == 1
                    && CipherContextControl(context, ControlGetTag, TagLength, tagBytes) == 1;
                if (!ok)
                {
                    // Leave nothing on this thread's error queue for the next OpenSSL user.
                    ClearErrors();
                    throw new CryptographicException("OpenSSL failed to seal an AES-GCM message.");
                }
            }
        }
        finally
        {
            if (added)
            {
                _context.DangerousRelease();
            }
        }
    }

    public void Dispose() => _context.Dispose();

    /// <summary>Frees the EVP_CIPHER_CTX (and the key schedule in it) once nothing is sealing with it.</summary>
    private sealed class CipherContextHandle : SafeHandle
    {
        public CipherContextHandle(nint context)
            : base(0, ownsHandle: true)
        {
            SetHandle(context);
        }

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            CipherContextFree(handle);
            return true;
        }
    }
}
