using SecureStream.Policy.Access;

namespace SecureStream.Policy.Admission;

/// <summary>
/// Checks a webhook's <c>new_url</c> against the URL the viewer asked for. OME follows
/// <c>new_url</c> blindly; ours: only the app, the stream and the query may change.
/// </summary>
/// <remarks>
/// Security invariant (SSRF): scheme, host and port must equal the original's (host compared
/// case-insensitively, default ports made explicit), and the path must be exactly
/// <c>/{app}/{stream}</c> with names from the safe alphabet. Nothing is normalised: dot segments,
/// percent-encoding, backslashes, userinfo, fragments, a second <c>?</c>, white space, control or
/// non-ASCII characters are refused rather than interpreted, so what is checked is what the
/// front door routes. Whether the target is a registered camera the viewer may see is checked
/// by the front door.
/// </remarks>
internal static class AdmissionRedirect
{
    private const int MaxUrlLength = 4096;

    /// <summary>
    /// Returns <see cref="AccessReason.Allowed"/> with the target camera and its raw query
    /// (null when <paramref name="newUrl"/> has no <c>?</c>), else
    /// <see cref="AccessReason.WebhookRedirectRefused"/>. Never throws.
    /// </summary>
    public static AccessReason TryResolve(string? newUrl, string? originalUrl, out CameraPath target, out string? newQuery)
    {
        target = default;
        newQuery = null;
        if (!TrySplit(newUrl, out var to) || !TrySplit(originalUrl, out var from))
        {
            return AccessReason.WebhookRedirectRefused;
        }

        if (!string.Equals(to.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(to.Host, from.Host, StringComparison.OrdinalIgnoreCase)
            || to.Port != from.Port)
        {
            return AccessReason.WebhookRedirectRefused;
        }

        if (!to.Path.StartsWith('/') || !CameraPath.TryParse(to.Path[1..], out var camera))
        {
            return AccessReason.WebhookRedirectRefused;
        }

        target = camera;
        newQuery = to.Query;
        return AccessReason.Allowed;
    }

    private static bool TrySplit(string? url, out UrlParts parts)
    {
        parts = default;
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength)
        {
            return false;
        }

        foreach (var c in url)
        {
            // Printable ASCII only; '\' and '#' never have a meaning we would accept here.
            if (c <= ' ' || c >= '\u007f' || c is '\\' or '#')
            {
                return false;
            }
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        int defaultPort = scheme switch
        {
            "ws" or "http" => 80,
            "wss" or "https" => 443,
            _ => -1,
        };
        if (defaultPort < 0)
        {
            return false;
        }

        var rest = url[(schemeEnd + 3)..];
        var pathStart = rest.IndexOfAny(['/', '?']);
        if (pathStart <= 0 || rest[pathStart] != '/')
        {
            return false;
        }

        var authority = rest[..pathStart];
        var pathAndQuery = rest[pathStart..];
        if (!TrySplitAuthority(authority, defaultPort, out var host, out var port))
        {
            return false;
        }

        string path;
        string? query = null;
        var questionMark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            path = pathAndQuery[..questionMark];
            query = pathAndQuery[(questionMark + 1)..];
            if (query.Contains('?', StringComparison.Ordinal))
            {
                return false;
            }
        }
        else
        {
            path = pathAndQuery;
        }

        parts = new UrlParts(scheme, host, port, path, query);
        return true;
    }

    private static bool TrySplitAuthority(string authority, int defaultPort, out string host, out int port)
    {
        host = string.Empty;
        port = defaultPort;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = authority[..(close + 1)];
            portText = authority[(close + 1)..];
            if (portText.Length > 0 && portText[0] != ':')
            {
                return false;
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? string.Empty : authority[colon..];
        }

        if (host.Length == 0 || host == "[]")
        {
            return false;
        }

        if (portText.Length == 0)
        {
            return true;
        }

        // ":" + 1–5 digits, 1–65535; no sign, no spaces, no second colon.
        var digits = portText[1..];
        if (digits.Length is 0 or > 5)
        {
            return false;
        }

        var value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        if (value is 0 or > 65535)
        {
            return false;
        }

        port = value;
        return true;
    }

    private readonly record struct UrlParts(string Scheme, string Host, int Port, string Path, string? Query);
}
