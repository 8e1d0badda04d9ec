namespace SecureStream.DemoCameras;

/// <summary>
/// Reads a request URI of the demo server: <c>rtsp://host[:port]/demo/{name}[/trackID={n}]</c> or
/// the same path alone. A query is ignored (a registry may forward one). Camera names are 1–64
/// characters of <c>A–Z a–z 0–9 . _ -</c>, not starting with a dot; nothing is percent-decoded.
/// </summary>
internal static class DemoCameraTarget
{
    public const int MaxNameLength = 64;

    public const string PathPrefix = "/demo/";

    /// <summary>Parses <paramref name="target"/>; <paramref name="trackId"/> is -1 for the aggregate (whole camera) URI.</summary>
    public static bool TryParse(string target, out string cameraName, out int trackId)
    {
        ArgumentNullException.ThrowIfNull(target);
        cameraName = string.Empty;
        trackId = -1;
        var path = target.AsSpan();
        if (path.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = path[7..].IndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            path = path[(7 + slash)..];
        }

        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        path = path[PathPrefix.Length..].TrimEnd('/');
        var separator = path.IndexOf('/');
        var name = separator < 0 ? path : path[..separator];
        if (!IsValidName(name))
        {
            return false;
        }

        if (separator >= 0)
        {
            var control = path[(separator + 1)..];
            if (!control.StartsWith("trackID=", StringComparison.Ordinal)
                || control.Length != 9 || control[8] is not ('0' or '1'))
            {
                return false;
            }

            trackId = control[8] - '0';
        }

        cameraName = name.ToString();
        return true;
    }

    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength || name[0] == '.')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
