using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3). DTLS-SRTP fixes the
/// key derivation rate to 0 (RFC 5764 §4.1.2), so r = index DIV kdr is 0 and each session key is
/// derived once per context.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>Labels of RFC 3711 §4.3.1 (SRTP) and §4.3.2 (SRTCP).</summary>
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    private const int PrfInputLength = 14;

    /// <summary>
    /// Fills <paramref name="output"/> with PRF_n(k_master, x) where x = (label || r) XOR master_salt and
    /// the AES-CM keystream starts at x * 2^16 (RFC 3711 §4.3.1, §4.3.3). A 96-bit GCM master salt is
    /// padded with two zero bytes on the right to the 112-bit PRF input, as libsrtp does (RFC 7714 §11
    /// keeps the RFC 3711 KDF).
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterKey.Length != SrtpProfileParameters.KeyLength)
        {
            throw new ArgumentException("The master key must be 16 bytes.", nameof(masterKey));
        }

        if (masterSalt.Length > PrfInputLength)
        {
            throw new ArgumentException("The master salt must be at most 14 bytes.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // key_id = label || r is 56 bits aligned to the right of the 112-bit salt: the label lands on
        // byte 7, r (0 with kdr = 0) on bytes 8..13.
        iv[7] ^= label;

        using var counterMode = new AesCounterMode(masterKey);
        output.Clear();
        counterMode.Transform(iv, output, output);
    }
}
