using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP's <c>a=fingerprint</c> attribute (RFC 8122 §5):
/// a hash function name and the hash of the certificate's DER encoding. Only <c>sha-256</c> is
/// accepted: every browser uses it, and RFC 8122 §5 forbids MD5 and SHA-1 is too weak to pin.
/// </summary>
internal sealed class DtlsFingerprint
{
    /// <summary>The hash function name as SDP spells it (RFC 8122 §5, IANA "Hash Function Textual Names").</summary>
    public const string Sha256 = "sha-256";

    private const int Sha256Length = 32;

    private readonly byte[] _hash;

    private DtlsFingerprint(byte[] hash)
    {
        _hash = hash;
        SdpValue = Format(hash);
    }

    /// <summary>The attribute value for SDP: <c>sha-256</c>, a space, upper-case hex pairs joined by colons (RFC 8122 §5).</summary>
    public string SdpValue { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>The SHA-256 fingerprint of a DER-encoded certificate.</summary>
    public static DtlsFingerprint OfCertificate(ReadOnlySpan<byte> certificateDer) => new(SHA256.HashData(certificateDer));

    /// <summary>
    /// Parses the value of an <c>a=fingerprint</c> attribute, e.g. <c>sha-256 AB:CD:…</c>
    /// (RFC 8122 §5: hash-func SP fingerprint; hex digits in either case, two per byte, colon separated).
    /// Anything else — another hash function, a wrong length, stray characters — is refused.
    /// </summary>
    public static bool TryParse(string? sdpValue, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (sdpValue is null)
        {
            return false;
        }

        var value = sdpValue.AsSpan().Trim();
        var space = value.IndexOf(' ');
        if (space <= 0 || !value[..space].Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = value[(space + 1)..].TrimStart(' ');
        // 32 bytes: 64 hex digits and 31 colons.
        if (hex.Length != (Sha256Length * 3) - 1)
        {
            return false;
        }

        var hash = new byte[Sha256Length];
        for (var i = 0; i < Sha256Length; i++)
        {
            var at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }

            var high = HexValue(hex[at]);
            var low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            hash[i] = (byte)((high << 4) | low);
        }

        fingerprint = new DtlsFingerprint(hash);
        return true;
    }

    /// <summary>
    /// Whether a DER-encoded certificate hashes to this fingerprint. The comparison takes the
    /// same time wherever the hashes differ (<see cref="CryptographicOperations.FixedTimeEquals"/>).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[Sha256Length];
        SHA256.HashData(certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(actual, _hash);
    }

    /// <inheritdoc/>
    public override string ToString() => SdpValue;

    private static string Format(byte[] hash)
    {
        var builder = new StringBuilder(Sha256.Length + 1 + (hash.Length * 3));
        builder.Append(Sha256).Append(' ');
        for (var i = 0; i < hash.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(hash[i].ToString("X2"));
        }

        return builder.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
