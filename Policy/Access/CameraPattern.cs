namespace SecureStream.Policy.Access;

/// <summary>
/// A camera pattern as written in policy.json and in a token's <c>cam</c> claim: <c>app/stream</c>
/// where either name may contain <c>*</c>, matching any run (possibly empty) of safe-name
/// characters within that one name. <c>*</c> never crosses the <c>/</c>, so <c>app/*</c> does not
/// match another app, and <c>*/*</c> means every camera.
/// </summary>
public sealed class CameraPattern
{
    private readonly string _app;
    private readonly string _stream;

    private CameraPattern(string text, string app, string stream)
    {
        Text = text;
        _app = app;
        _stream = stream;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern; false when it is not <c>app/stream</c> over the safe alphabet plus <c>*</c>.</summary>
    public static bool TryParse(string? text, out CameraPattern? pattern)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text) || text.Length > (2 * CameraPath.MaxNameLength) + 1)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash != text.LastIndexOf('/') || slash == text.Length - 1)
        {
            return false;
        }

        var app = text[..slash];
        var stream = text[(slash + 1)..];
        if (!IsPatternName(app) || !IsPatternName(stream))
        {
            return false;
        }

        pattern = new CameraPattern(text, app, stream);
        return true;
    }

    /// <summary>True when the camera matches (ordinal, case-sensitive: camera names are case-sensitive).</summary>
    public bool Matches(CameraPath camera) => Glob(_app, camera.App) && Glob(_stream, camera.Stream);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsPatternName(string name)
    {
        if (name == "*")
        {
            return true;
        }

        var withoutStars = name.Replace("*", string.Empty, StringComparison.Ordinal);
        return withoutStars.Length == 0 || (withoutStars.Length <= CameraPath.MaxNameLength
            && withoutStars.AsSpan().IndexOfAnyExcept(SafeCharacters) < 0 && name[0] != '.');
    }

    private static readonly System.Buffers.SearchValues<char> SafeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    // Iterative glob with backtracking on the last '*': linear in practice, no recursion, so a
    // hostile pattern cannot blow the stack.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
