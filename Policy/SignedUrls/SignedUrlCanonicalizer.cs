using System.Text;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// Rebuilds the string OME signs (docs/links.md): <c>scheme://host:port/path?query</c>.
/// </summary>
/// <remarks>
/// Security invariant: the signed string is built from the request exactly as received — the
/// Host header as sent, the raw path, every query pair raw and in order — so the MAC covers the
/// very target the router serves, and any change after signing (path, an appended parameter, a
/// dropped port) changes the string. Only signature pairs are removed.
/// </remarks>
internal static class SignedUrlCanonicalizer
{
    /// <summary>
    /// Builds the signed string. Every pair whose name equals <paramref name="signatureParam"/>
    /// (case-insensitive, as OME) is removed; the others are kept raw and in order; the port is
    /// always explicit, taken from <paramref name="localPort"/> when the Host header has none
    /// (even 443). No <c>?</c> when no pair remains.
    /// </summary>
    /// <param name="scheme"><c>ws</c>, <c>wss</c>, <c>http</c> or <c>https</c>: whether this server terminated TLS.</param>
    /// <param name="hostHeader">The Host header as sent (an IPv6 literal keeps its brackets).</param>
    /// <param name="localPort">The port this server accepted the connection on.</param>
    /// <param name="rawPath">The raw request path, starting with <c>/</c>.</param>
    /// <param name="query">The query pairs in request order.</param>
    /// <param name="signatureParam">The signature parameter name.</param>
    public static string BuildSignedString(
        string scheme, string hostHeader, int localPort, string rawPath, IReadOnlyList<QueryPair> query, string signatureParam)
    {
        ArgumentNullException.ThrowIfNull(signatureParam);
        return Build(scheme, hostHeader, localPort, rawPath, query, signatureParam);
    }

    /// <summary>
    /// The whole request URL as OME rebuilds it for the admission webhook: the same form as the
    /// signed string (explicit port, raw pairs in order) but with every pair kept, signature included.
    /// </summary>
    public static string BuildRequestUrl(string scheme, string hostHeader, int localPort, string rawPath, IReadOnlyList<QueryPair> query) =>
        Build(scheme, hostHeader, localPort, rawPath, query, removeName: null);

    private static string Build(
        string scheme, string hostHeader, int localPort, string rawPath, IReadOnlyList<QueryPair> query, string? removeName)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(hostHeader);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(query);

        var builder = new StringBuilder(scheme.Length + hostHeader.Length + rawPath.Length + 64);
        builder.Append(scheme).Append("://").Append(hostHeader);
        if (!HasPort(hostHeader))
        {
            builder.Append(':').Append(localPort);
        }

        builder.Append(rawPath);
        var separator = '?';
        foreach (var pair in query)
        {
            if (removeName is not null && string.Equals(pair.RawName, removeName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            builder.Append(separator).Append(pair.Raw);
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits a Host header into its host part and whether it carried a port. False when the
    /// header is not <c>host</c>, <c>host:port</c>, <c>[v6]</c> or <c>[v6]:port</c> over a strict
    /// alphabet (letters, digits, <c>-</c>, <c>.</c>, <c>_</c>; hex and <c>:</c> in brackets;
    /// a decimal port 1–65535).
    /// </summary>
    public static bool TrySplitHost(string? hostHeader, out string host)
    {
        host = string.Empty;
        if (string.IsNullOrEmpty(hostHeader) || hostHeader.Length > 255)
        {
            return false;
        }

        string hostPart;
        string? portPart;
        if (hostHeader[0] == '[')
        {
            var close = hostHeader.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                return false;
            }

            var inner = hostHeader.AsSpan(1, close - 1);
            foreach (var c in inner)
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                {
                    return false;
                }
            }

            if (!System.Net.IPAddress.TryParse(inner, out var address)
                || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            hostPart = hostHeader[..(close + 1)];
            var rest = hostHeader[(close + 1)..];
            if (rest.Length == 0)
            {
                portPart = null;
            }
            else if (rest[0] == ':')
            {
                portPart = rest[1..];
            }
            else
            {
                return false;
            }
        }
        else
        {
            var colon = hostHeader.IndexOf(':', StringComparison.Ordinal);
            hostPart = colon < 0 ? hostHeader : hostHeader[..colon];
            portPart = colon < 0 ? null : hostHeader[(colon + 1)..];
            if (!IsHostName(hostPart))
            {
                return false;
            }
        }

        if (portPart is not null && !IsPort(portPart))
        {
            return false;
        }

        host = hostPart.ToLowerInvariant();
        return true;
    }

    /// <summary>A DNS-style host name (or dotted IPv4): letters, digits, <c>-</c>, <c>_</c>, <c>.</c>; no empty label.</summary>
    public static bool IsHostName(string text)
    {
        if (text.Length is 0 or > 253 || text[0] == '.' || text[^1] == '.' || text.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPort(string text)
    {
        if (text.Length is 0 or > 5 || text[0] == '0')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
    }

    // A port is present when a ':' follows the host: after the closing bracket for an IPv6
    // literal, anywhere otherwise (a bare host name has no ':').
    private static bool HasPort(string hostHeader)
    {
        if (hostHeader.StartsWith('['))
        {
            var close = hostHeader.IndexOf(']', StringComparison.Ordinal);
            return close >= 0 && close + 1 < hostHeader.Length && hostHeader[close + 1] == ':';
        }

        return hostHeader.Contains(':', StringComparison.Ordinal);
    }
}
