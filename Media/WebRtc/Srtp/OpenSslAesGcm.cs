using System.Runtime.InteropServices;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The few OpenSSL EVP calls an AES-128-GCM seal needs, resolved once from the libcrypto that is
/// on the system (the one .NET's own cryptography uses on Linux). Why call it directly: .NET's
/// <see cref="System.Security.Cryptography.AesGcm"/> makes five native calls per packet and its
/// native layer clears OpenSSL's error queue before each (<c>ERR_clear_error</c>, which walks the
/// thread's 16 error slots and frees each one's data): at 200 viewers that bookkeeping cost more
/// than the cipher (docs/benchmarks/send-path.md, "SRTP protect without the per-call overhead").
/// Here the error queue is cleared only after a call failed.
/// </summary>
/// <remarks>
/// Loaded by <see cref="AesGcmSealer"/> on first use, and only on Linux. Every function must
/// resolve, and a message sealed twice in a row on one context must equal what
/// <see cref="System.Security.Cryptography.AesGcm"/> gives, or the portable path is used.
/// </remarks>
internal static unsafe class OpenSslAesGcm
{
    /// <summary>EVP_CTRL_AEAD_GET_TAG (openssl/evp.h).</summary>
    public const int ControlGetTag = 0x10;

    /// <summary>Library names tried, newest first: OpenSSL 3, then 1.1 (both have every function used here).</summary>
    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so.1.1"];

#pragma warning disable CA1051, SA1401 // Resolved once in TryLoad; read on every seal, as fields the JIT can see through.
    internal static delegate* unmanaged<nint> CipherContextNew;
    internal static delegate* unmanaged<nint, void> CipherContextFree;
    internal static delegate* unmanaged<nint> Aes128Gcm;
    internal static delegate* unmanaged<nint, nint, nint, byte*, byte*, int> EncryptInit;
    internal static delegate* unmanaged<nint, byte*, int*, byte*, int, int> EncryptUpdate;
    internal static delegate* unmanaged<nint, byte*, int*, int> EncryptFinal;
    internal static delegate* unmanaged<nint, int, int, void*, int> CipherContextControl;
    internal static delegate* unmanaged<void> ClearErrors;
#pragma warning restore CA1051, SA1401

    /// <summary>True once <see cref="TryLoad"/> resolved every function.</summary>
    public static bool Loaded { get; private set; }

    /// <summary>Resolves every function from the first libcrypto found; false when any is missing.</summary>
    public static bool TryLoad()
    {
        if (Loaded)
        {
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var library))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(library, "EVP_CIPHER_CTX_new", out var contextNew)
                && NativeLibrary.TryGetExport(library, "EVP_CIPHER_CTX_free", out var contextFree)
                && NativeLibrary.TryGetExport(library, "EVP_aes_128_gcm", out var aes128Gcm)
                && NativeLibrary.TryGetExport(library, "EVP_EncryptInit_ex", out var encryptInit)
                && NativeLibrary.TryGetExport(library, "EVP_EncryptUpdate", out var encryptUpdate)
                && NativeLibrary.TryGetExport(library, "EVP_EncryptFinal_ex", out var encryptFinal)
                && NativeLibrary.TryGetExport(library, "EVP_CIPHER_CTX_ctrl", out var control)
                && NativeLibrary.TryGetExport(library, "ERR_clear_error", out var clearErrors))
            {
                CipherContextNew = (delegate* unmanaged<nint>)contextNew;
                CipherContextFree = (delegate* unmanaged<nint, void>)contextFree;
                Aes128Gcm = (delegate* unmanaged<nint>)aes128Gcm;
                EncryptInit = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)encryptInit;
                EncryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)encryptUpdate;
                EncryptFinal = (delegate* unmanaged<nint, byte*, int*, int>)encryptFinal;
                CipherContextControl = (delegate* unmanaged<nint, int, int, void*, int>)control;
                ClearErrors = (delegate* unmanaged<void>)clearErrors;
                Loaded = true;
                return true;
            }

            NativeLibrary.Free(library);
        }

        return false;
    }
}
