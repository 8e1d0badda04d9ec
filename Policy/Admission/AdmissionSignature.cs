using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Admission;

/// <summary>
/// The two signature headers of a webhook call. Both are computed over the exact body bytes
/// sent; neither header value nor the secret is ever logged.
/// </summary>
internal static class AdmissionSignature
{
    /// <summary>OME's header name.</summary>
    public const string OmeHeader = "X-OME-Signature";

    /// <summary>Ours: the timestamped header that lets receivers refuse replays.</summary>
    public const string TimestampedHeader = "X-SecureStream-Signature";

    /// <summary>
    /// <c>base64url-no-pad(HMAC-SHA1(secret, body))</c>. SHA-1 is what OME receivers verify; it
    /// is used as an HMAC, where SHA-1's collision weakness does not apply. The timestamped
    /// SHA-256 header is the stronger companion.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is fixed by the OME webhook protocol; X-SecureStream-Signature carries HMAC-SHA256.")]
    public static string Ome(SecretValue secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret.Span, body, mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary><c>t=&lt;unix s&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;</c>.</summary>
    public static string Timestamped(SecretValue secret, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.ASCII.GetBytes(t + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(secret.Span, message);
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(mac);
    }
}
