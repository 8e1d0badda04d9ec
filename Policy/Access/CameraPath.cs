namespace SecureStream.Policy.Access;

/// <summary>
/// A camera's name as the gate authorises and the origin serves it: <c>app/stream</c>. Only built
/// from names that passed the request-shape check, so both parts are from the safe alphabet
/// (see <see cref="IsSafeName"/>).
/// </summary>
public readonly record struct CameraPath(string App, string Stream)
{
    /// <summary>Longest app or stream name accepted.</summary>
    public const int MaxNameLength = 128;

    /// <summary><c>app/stream</c>, the key used by entitlements, origin maps and audit records.</summary>
    public override string ToString() => App + "/" + Stream;

    /// <summary>
    /// The documented safe alphabet for app and stream names: ASCII letters, digits, <c>-</c>,
    /// <c>_</c> and <c>.</c>, 1–128 characters, not starting with <c>.</c> (so never <c>.</c> or
    /// <c>..</c>). Anything else — look-alike letters, percent signs, separators — is refused.
    /// </summary>
    public static bool IsSafeName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength || name[0] == '.')
        {
            return false;
        }

        foreach (var c in name)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>app/stream</c> where both names are safe.</summary>
    public static bool TryParse(string? text, out CameraPath path)
    {
        path = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash != text.LastIndexOf('/'))
        {
            return false;
        }

        var app = text[..slash];
        var stream = text[(slash + 1)..];
        if (!IsSafeName(app) || !IsSafeName(stream))
        {
            return false;
        }

        path = new CameraPath(app, stream);
        return true;
    }
}
