namespace SecureStream.Policy.Access;

/// <summary>
/// The <c>rendition</c> query parameter: its name, its two values and how a request's query
/// selects one. A gate-level parameter like the credential ones: the forwarding rules never pass
/// it to the camera (docs/cameras.md "Substreams").
/// </summary>
public static class CameraRenditions
{
    /// <summary>The query parameter name.</summary>
    public const string ParameterName = "rendition";

    /// <summary>The wire code: <c>main</c> or <c>sub</c>.</summary>
    public static string ToCode(this CameraRendition rendition) => rendition == CameraRendition.Sub ? "sub" : "main";

    /// <summary>
    /// The rendition a query asks for: <see cref="CameraRendition.Main"/> when no pair is named
    /// <c>rendition</c> in any letter case. False — refuse with <c>rendition_unknown</c> — when such a
    /// pair is not exactly <c>rendition=main</c> or <c>rendition=sub</c> (lower case), or appears
    /// twice: an ambiguous request is refused rather than guessed. Never throws.
    /// </summary>
    public static bool TrySelect(IReadOnlyList<QueryPair> query, out CameraRendition rendition)
    {
        ArgumentNullException.ThrowIfNull(query);
        rendition = CameraRendition.Main;
        var seen = false;
        foreach (var pair in query)
        {
            if (!string.Equals(pair.RawName, ParameterName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (seen || !string.Equals(pair.RawName, ParameterName, StringComparison.Ordinal))
            {
                return false;
            }

            seen = true;
            switch (pair.Value)
            {
                case "main":
                    rendition = CameraRendition.Main;
                    break;
                case "sub":
                    rendition = CameraRendition.Sub;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
