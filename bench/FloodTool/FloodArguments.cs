using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SecureStream.FloodTool;

/// <summary>
/// The command line, checked whole: every problem is reported at once, each naming the option.
/// The gateway must be on loopback: the flood never leaves the machine, and its source addresses
/// are 127.0.1.1 onwards (never the viewers' 127.0.0.x).
/// </summary>
internal static class FloodArguments
{
    public const string Usage =
        """
        usage: FloodTool --gateway http://127.0.0.1:3333 [options]
          --gateway <url>        the gateway's public HTTP listener (loopback only)
          --path <path>          the camera path the forged requests ask for (default /demo/cam1/whep)
          --media-port <port>    the ICE-TCP port (same host); 0 = no ICE-TCP flood (default 0)
          --duration <s>         how long the flood runs (default 30)
          --refusal-workers <n>  request loops sending forged links with long User-Agents (default 32)
          --slow-headers <n>     connections trickling a header block that never ends (default 500)
          --slow-bodies <n>      connections trickling a declared WHEP offer body (default 200)
          --ice-tcp <n>          idle connections held at the ICE-TCP port (default 500)
          --sources <n>          source addresses 127.0.1.1 onwards (default 1)
          --trickle-ms <ms>      pause between trickled bytes (default 1000)
          --user-agent <n>       User-Agent length of the forged requests (default 4000)
          --json <file>          write the counts as JSON
        """;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out FloodOptions? options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                problems.Add($"'{args[i]}': options are --name value pairs");
                continue;
            }

            values[args[i]] = args[++i];
        }

        Uri? gateway = null;
        if (!values.Remove("--gateway", out var gatewayText) || !Uri.TryCreate(gatewayText, UriKind.Absolute, out gateway) ||
            !IPAddress.TryParse(gateway.Host, out var host) || !IPAddress.IsLoopback(host))
        {
            problems.Add("--gateway must be an http URL on a loopback address, e.g. http://127.0.0.1:3333");
        }

        var path = values.Remove("--path", out var p) ? p : "/demo/cam1/whep";
        if (!path.StartsWith('/'))
        {
            problems.Add("--path must start with /");
        }

        int Number(string name, int fallback, int min, int max)
        {
            if (!values.Remove(name, out var text))
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            problems.Add($"{name} must be a whole number from {min} to {max}");
            return fallback;
        }

        var mediaPort = Number("--media-port", 0, 0, 65535);
        var duration = Number("--duration", 30, 1, 3600);
        var workers = Number("--refusal-workers", 32, 0, 1024);
        var slowHeaders = Number("--slow-headers", 500, 0, 20_000);
        var slowBodies = Number("--slow-bodies", 200, 0, 20_000);
        var iceTcp = Number("--ice-tcp", 500, 0, 20_000);
        var sources = Number("--sources", 1, 1, 60_000);
        var trickle = Number("--trickle-ms", 1000, 10, 60_000);
        var userAgent = Number("--user-agent", 4000, 0, 30_000);
        values.Remove("--json", out var json);
        problems.AddRange(values.Keys.Select(k => $"unknown option {k}"));

        errors = problems;
        options = problems.Count == 0
            ? new FloodOptions
            {
                Gateway = gateway!,
                Path = path,
                MediaPort = mediaPort,
                Duration = TimeSpan.FromSeconds(duration),
                RefusalWorkers = workers,
                SlowHeaders = slowHeaders,
                SlowBodies = slowBodies,
                IceTcp = iceTcp,
                Sources = [.. Enumerable.Range(0, sources).Select(SourceAddress)],
                Trickle = TimeSpan.FromMilliseconds(trickle),
                UserAgentLength = userAgent,
                JsonPath = json,
            }
            : null;
        return options is not null;
    }

    /// <summary>127.0.1.1, 127.0.1.2 … 127.0.1.254, 127.0.2.1 …: never 127.0.0.x, where the viewers are.</summary>
    private static IPAddress SourceAddress(int index) =>
        new([127, 0, (byte)(1 + (index / 254)), (byte)(1 + (index % 254))]);
}
