using System.Globalization;

namespace SecureStream.FirstFrame;

/// <summary>
/// The command line: <c>[--runs N] [--intervals 1,4] [--modes cold,warm] [--json PATH] [--timeout-ms MS]
/// [--steady-seconds S] [--camera fixed|honours-pli] [--keyframe-request pli|fir|off]</c>. <c>--camera</c>
/// picks a camera that cannot be asked for a keyframe (the default) or one that honours PLI/FIR;
/// <c>--keyframe-request</c> is the gateway's <c>Rtsp:KeyframeRequest</c> (default Pli, as shipped).
/// </summary>
internal sealed record FirstFrameOptions(
    int Runs,
    IReadOnlyList<int> KeyframeIntervalsSeconds,
    IReadOnlyList<ViewerMode> Modes,
    string? JsonPath,
    int TimeoutMs,
    int SteadySeconds,
    bool CameraHonoursRequests = false,
    string KeyframeRequest = "Pli")
{
    public const string Usage =
        "usage: SecureStream.FirstFrame [--runs 20] [--intervals 1,4] [--modes cold,warm] [--json results.json] [--timeout-ms 10000] [--steady-seconds 20] [--camera fixed|honours-pli] [--keyframe-request pli|fir|off]";

    public static bool TryParse(string[] args, out FirstFrameOptions options, out string? problem)
    {
        options = new FirstFrameOptions(20, [1, 4], [ViewerMode.Cold, ViewerMode.Warm], null, 10_000, 20);
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0:
                    options = options with { Runs = runs };
                    break;
                case "--intervals" when value is not null && TryParseIntervals(value, out var intervals):
                    options = options with { KeyframeIntervalsSeconds = intervals };
                    break;
                case "--modes" when value is not null && TryParseModes(value, out var modes):
                    options = options with { Modes = modes };
                    break;
                case "--json" when !string.IsNullOrEmpty(value):
                    options = options with { JsonPath = value };
                    break;
                case "--timeout-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout >= 1000:
                    options = options with { TimeoutMs = timeout };
                    break;
                case "--steady-seconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var steady) && steady >= 1:
                    options = options with { SteadySeconds = steady };
                    break;
                case "--camera" when value is "fixed" or "honours-pli":
                    options = options with { CameraHonoursRequests = value == "honours-pli" };
                    break;
                case "--keyframe-request" when value is "pli" or "fir" or "off":
                    options = options with { KeyframeRequest = char.ToUpperInvariant(value[0]) + value[1..] };
                    break;
                default:
                    problem = $"bad or incomplete option '{args[i]}'";
                    return false;
            }

            i++;
        }

        return true;
    }

    private static bool TryParseIntervals(string value, out int[] intervals)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        intervals = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out intervals[i]) || intervals[i] is < 1 or > 30)
            {
                return false;
            }
        }

        return intervals.Length > 0;
    }

    private static bool TryParseModes(string value, out ViewerMode[] modes)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        modes = new ViewerMode[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Enum.TryParse(parts[i], ignoreCase: true, out modes[i]) || !Enum.IsDefined(modes[i]))
            {
                return false;
            }
        }

        return modes.Length > 0;
    }
}
