using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Policy.Secrets;

/// <summary>
/// Key material or a password. Its <see cref="ToString"/> redacts, so it cannot reach a log by
/// accident; the bytes are only handed to the code that computes or checks a MAC.
/// </summary>
public sealed class SecretValue
{
    private readonly byte[] _bytes;

    private SecretValue(byte[] bytes) => _bytes = bytes;

    /// <summary>Number of secret bytes (used to enforce minimum key strength).</summary>
    public int Length => _bytes.Length;

    /// <summary>The UTF-8 bytes of a text secret, as OME uses its configured secret key.</summary>
    public static SecretValue FromText(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A copy of raw key bytes.</summary>
    public static SecretValue FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>The secret bytes, for MAC computation only. Never log them.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>A short, non-reversible identifier for logs: the first 8 hex digits of SHA-256.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(_bytes))[..8];

    /// <inheritdoc />
    public override string ToString() => "[secret " + Fingerprint + "]";
}
