using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>The Digest computation of RFC 7616 §3.4.1–§3.4.3 (RFC 2617 when no qop is offered).</summary>
internal static class RtspDigest
{
    /// <param name="algorithm">MD5, MD5-sess, SHA-256 or SHA-256-sess.</param>
    /// <param name="qop">"auth", or null for the RFC 2069 form cameras without qop still use.</param>
    public static string ComputeResponse(
        string algorithm, string userName, string realm, string password, string nonce,
        string method, string uri, string? qop, string nc, string cnonce)
    {
        var sha256 = algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase);

        // §3.4.2: A1 = username ":" realm ":" passwd; for -sess: H(that) ":" nonce ":" cnonce.
        var ha1 = Hash(sha256, $"{userName}:{realm}:{password}");
        if (algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
        {
            ha1 = Hash(sha256, $"{ha1}:{nonce}:{cnonce}");
        }

        // §3.4.3: A2 = Method ":" request-uri (qop=auth).
        var ha2 = Hash(sha256, $"{method}:{uri}");

        // §3.4.1: response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)).
        return qop is null
            ? Hash(sha256, $"{ha1}:{nonce}:{ha2}")
            : Hash(sha256, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    private static string Hash(bool sha256, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what RFC 7616 and most cameras demand; SHA-256 is preferred whenever offered.
        return Convert.ToHexStringLower(sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
#pragma warning restore CA5351
    }
}
