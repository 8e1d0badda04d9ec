using System.Globalization;

namespace SecureStream.LoadTool;

/// <summary>The Janus side of the command line: <c>--mountpoint</c> values and how they combine with <c>--janus</c> and <c>--url</c>.</summary>
internal static class JanusMountpoints
{
    private const int MaxRange = 100_000;

    /// <summary>Adds <c>n</c> or every id of <c>first-last</c>; false when the value is neither.</summary>
    public static bool TryParse(string value, List<long> mountpoints)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                return false;
            }

            mountpoints.Add(id);
            return true;
        }

        if (!long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first < 1 || last < first || last - first >= MaxRange)
        {
            return false;
        }

        for (var id = first; id <= last; id++)
        {
            mountpoints.Add(id);
        }

        return true;
    }

    /// <summary>The problems of the combination, each naming the option and the fix.</summary>
    public static IEnumerable<string> Check(string? janus, int urls, int mountpoints)
    {
        if (janus is not null && urls > 0)
        {
            yield return "--janus and --url exclude each other: one run measures one gateway";
        }

        if (janus is not null && mountpoints == 0)
        {
            yield return "--janus needs --mountpoint <id> (the streaming plugin's mountpoint ids, 1..N with bench/janus/run-janus.sh)";
        }

        if (janus is null && mountpoints > 0)
        {
            yield return "--mountpoint needs --janus <url>";
        }
    }
}
