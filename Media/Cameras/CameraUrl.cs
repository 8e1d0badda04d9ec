using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureStream.Media.Cameras;

/// <summary>
/// An RTSP or RTSPS camera URL, parsed strictly, with its credentials kept apart.
/// Security invariants: only <c>rtsp</c> and <c>rtsps</c> with a host are accepted; printable
/// ASCII only (no whitespace, control characters, <c>#</c> or <c>\</c>), so a URL cannot smuggle a
/// second request line or another host; <see cref="ToString"/> shows neither the userinfo nor the
/// query (<c>rtsp://***@host:554/path?***</c>), so a camera password cannot reach a log or an API
/// response by accident. Parse errors never repeat the URL.
/// </summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API parses the URLs it is given and shows them redacted; the credentials and the unredacted text stay internal.</remarks>
public sealed class CameraUrl
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxLength = 2048;

    private CameraUrl(string scheme, string host, int? port, string path, string query, CameraCredentials? credentials)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Path = path;
        Query = query;
        Credentials = credentials;
    }

    /// <summary><c>rtsp</c> or <c>rtsps</c>, lower case.</summary>
    public string Scheme { get; }

    /// <summary>The host as written: a DNS name, an IPv4 address or a bracketed IPv6 address.</summary>
    public string Host { get; }

    /// <summary>The explicit port, if the URL named one.</summary>
    public int? Port { get; }

    /// <summary>The port to connect to: explicit, else 554 (rtsp) or 322 (rtsps).</summary>
    public int EffectivePort => Port ?? (Scheme == "rtsps" ? 322 : 554);

    /// <summary>The path, still percent-encoded; empty or starting with <c>/</c>.</summary>
    public string Path { get; }

    /// <summary>The query without its <c>?</c>, still percent-encoded; empty when none. May carry credentials, so never logged.</summary>
    internal string Query { get; }

    /// <summary>The userinfo, when the URL had one.</summary>
    internal CameraCredentials? Credentials { get; }

    /// <summary>
    /// The full URL including userinfo and query, for the RTSP client and the registry file only.
    /// Never log it, never return it.
    /// </summary>
    internal string ToUnredactedString() => Build(Credentials?.RawUserInfo, Query);

    /// <summary>The URL with credentials and query redacted; safe for logs and API responses.</summary>
    public override string ToString() => Build(Credentials is null ? null : "***", Query.Length == 0 ? string.Empty : "***");

    /// <summary>
    /// This URL with <paramref name="remainder"/> (whole path segments such as <c>/cam1</c>, from
    /// the safe alphabet) appended to the path, as OME's origin map does with the rest of the
    /// request path after the Location.
    /// </summary>
    /// <summary>This URL with credentials from configuration (a secret reference), unless it carries its own.</summary>
    internal CameraUrl WithCredentials(CameraCredentials credentials) =>
        Credentials is null ? new CameraUrl(Scheme, Host, Port, Path, Query, credentials) : this;

    public CameraUrl AppendPath(string remainder)
    {
        if (remainder.Length == 0)
        {
            return this;
        }

        var path = Path.EndsWith('/') ? Path + remainder.TrimStart('/') : Path + remainder;
        return new CameraUrl(Scheme, Host, Port, path, Query, Credentials);
    }

    /// <summary>
    /// Parses every URL of a list (a camera's <c>urls</c> or <c>substreamUrls</c>); null on the
    /// first that does not parse, with its <paramref name="index"/> and <paramref name="error"/>
    /// (never the URL).
    /// </summary>
    public static List<CameraUrl>? TryParseAll(IReadOnlyList<string> texts, out int index, out string? error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var urls = new List<CameraUrl>(texts.Count);
        for (index = 0; index < texts.Count; index++)
        {
            if (!TryParse(texts[index], out var url, out error))
            {
                return null;
            }

            urls.Add(url!);
        }

        error = null;
        return urls;
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why without repeating the URL.</summary>
    public static bool TryParse(string? text, out CameraUrl? url, out string? error)
    {
        url = null;
        error = Check(text, out var scheme, out var userInfo, out var host, out var port, out var path, out var query);
        if (error is not null)
        {
            return false;
        }

        url = new CameraUrl(scheme!, host!, port, path!, query!, userInfo is null ? null : new CameraCredentials(userInfo));
        return true;
    }

    private static string? Check(
        string? text,
        out string? scheme,
        out string? userInfo,
        out string? host,
        out int? port,
        out string? path,
        out string? query)
    {
        scheme = userInfo = host = path = query = null;
        port = null;
        if (string.IsNullOrEmpty(text))
        {
            return "is empty";
        }

        if (text.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        foreach (var c in text)
        {
            if (c is <= ' ' or > '~' or '#' or '\\' or '"' or '<' or '>' or '`' or '^' or '{' or '}' or '|')
            {
                return "contains a character not allowed in a camera URL (whitespace, control, non-ASCII, '#', '\\' or similar)";
            }
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return "is not an absolute URL; write rtsp://host[:port]/path";
        }

        scheme = text[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("rtsp" or "rtsps"))
        {
            return "has a scheme other than rtsp or rtsps";
        }

        var rest = text[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndQuery = authorityEnd < 0 ? string.Empty : rest[authorityEnd..];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..at];
            authority = authority[(at + 1)..];
            if (userInfo.Length == 0 || userInfo.Contains('@', StringComparison.Ordinal) || !IsValidEncoding(userInfo))
            {
                return "has malformed credentials; percent-encode '@', ':' and '%' inside the user name and password";
            }
        }

        var hostError = CheckHost(authority, out host, out port);
        if (hostError is not null)
        {
            return hostError;
        }

        var questionMark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        path = questionMark < 0 ? pathAndQuery : pathAndQuery[..questionMark];
        query = questionMark < 0 ? string.Empty : pathAndQuery[(questionMark + 1)..];
        if (query.Contains('?', StringComparison.Ordinal))
        {
            return "has a second '?'";
        }

        return IsValidEncoding(path) && IsValidEncoding(query) ? null : "has a malformed percent-encoding";
    }

    private static string? CheckHost(string authority, out string? host, out int? port)
    {
        host = null;
        port = null;
        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return "has a malformed IPv6 host";
            }

            host = authority[..(close + 1)];
            portText = authority[(close + 1)..];
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? string.Empty : authority[colon..];
            if (host.Length == 0)
            {
                return "has no host";
            }

            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return "has a malformed host";
            }
        }

        if (portText.Length == 0)
        {
            return null;
        }

        if (portText[0] != ':' || portText.Length is < 2 or > 6 ||
            !int.TryParse(portText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            return "has a malformed port; use 1-65535";
        }

        port = number;
        return null;
    }

    private static bool IsValidEncoding(string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '%' && (i + 2 >= part.Length || !Uri.IsHexDigit(part[i + 1]) || !Uri.IsHexDigit(part[i + 2])))
            {
                return false;
            }
        }

        return true;
    }

    private string Build(string? userInfo, string query)
    {
        var builder = new StringBuilder(Scheme.Length + Host.Length + Path.Length + query.Length + 16);
        builder.Append(Scheme).Append("://");
        if (userInfo is not null)
        {
            builder.Append(userInfo).Append('@');
        }

        builder.Append(Host);
        if (Port is { } explicitPort)
        {
            builder.Append(':').Append(explicitPort.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(Path);
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
        }

        return builder.ToString();
    }
}
