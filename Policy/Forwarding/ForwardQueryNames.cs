namespace SecureStream.Policy.Forwarding;

/// <summary>
/// The parameter names of a camera URL's own query, and the check that a forwarded query does not
/// name one of them again (docs/cameras.md "Forwarded parameters and pulls").
/// </summary>
/// <remarks>
/// Security invariant: names are compared case-insensitively after percent-decoding, because
/// cameras and NVRs differ in both (<c>Channel</c> and <c>%63hannel</c> are <c>channel</c> to some),
/// and many take the last value of a repeated name: a second <c>channel</c> would pick another
/// camera than the one the registry names and the viewer is entitled to.
/// </remarks>
internal static class ForwardQueryNames
{
    /// <summary>The names in the query of <paramref name="url"/>; empty when it has none.</summary>
    public static IReadOnlySet<string> Of(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return names;
        }

        var query = url[(question + 1)..];
        var fragment = query.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            query = query[..fragment];
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            if (name.Length > 0)
            {
                names.Add(Uri.UnescapeDataString(name));
            }
        }

        return names;
    }

    /// <summary>The union of <see cref="Of(string)"/> over several URLs (a camera's failover list).</summary>
    public static IReadOnlySet<string> Of(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var url in urls)
        {
            names.UnionWith(Of(url));
        }

        return names;
    }

    /// <summary>
    /// True when a forwarded query (as <see cref="ForwardingRules.Build"/> made it) names a
    /// parameter in <paramref name="fixedNames"/>.
    /// </summary>
    public static bool Conflicts(string? forwardedQuery, IReadOnlySet<string> fixedNames)
    {
        ArgumentNullException.ThrowIfNull(fixedNames);
        if (string.IsNullOrEmpty(forwardedQuery) || fixedNames.Count == 0)
        {
            return false;
        }

        return Of("?" + forwardedQuery).Any(fixedNames.Contains);
    }
}
