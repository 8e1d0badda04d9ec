using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SecureStream.LoadTool;

/// <summary>
/// The command line, checked whole: every problem is reported at once, each naming the option and
/// the fix. Endpoints must be loopback (127.0.0.0/8, ::1, localhost): the load tool never sends
/// traffic off the machine.
/// </summary>
internal static class LoadToolArguments
{
    public const string Usage =
        """
        usage: LoadTool --url <whep url> [--url …] [--url-file <file>] [options]
               LoadTool --janus <janus http api url> --mountpoint <id|first-last> [options]
          --url <url>         WHEP endpoint (a signed link is fine); repeat for several; {i} is replaced by the viewer index
          --url-file <file>   one endpoint a line (e.g. one signed link per camera)
          --janus <url>       Janus HTTP API (e.g. http://127.0.0.1:8088/janus): viewers watch streaming-plugin mountpoints
          --mountpoint <id>   with --janus: a mountpoint id or a range first-last; viewer i watches the (i mod count)th
          --viewers <n>       viewers held open during the measurement window (default 1)
          --ramp <per s>      viewers started per second (default 10)
          --duration <s>      measurement window, or the whole churn run (default 10)
          --pid <pid>         gateway process: CPU (utime+stime) and RSS from /proc over the window
          --json <file>       write the results as JSON
          --churn <per s>     scenario S4: viewers joining per second for the duration, each leaving after --lifetime
          --lifetime <s>      churn viewers' lifetime (default 2)
          --baseline <s>      gateway readings without viewers before the run (default 2)
          --warmup <s>        one viewer for this long after the baseline, not counted: measured viewers find the camera warm (default 0)
          --settle <s>        wait after the run before the leak reading; > 60 to see an unwatched camera released (default 2)
          --connect-timeout <s>  signalling, ICE and DTLS each (default 10)
          --sources <n>       spread the viewers' HTTP requests over 127.0.0.1 … 127.0.0.n (per-address limits; default 1)
          --srtp-profiles <list>  the DTLS use_srtp offer, in order, comma-separated: cm (AES_CM_128_HMAC_SHA1_80),
                              gcm (AEAD_AES_128_GCM); the gateway picks (default cm,gcm: Chromium's offer less AES-256-GCM)
          --no-audio          offer video only
        """;

    /// <summary>AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, in the order Chromium offers them.</summary>
    public static readonly IReadOnlyList<int> ChromiumSrtpOffer = [0x0001, 0x0007];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out LoadToolOptions? options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var urls = new List<string>();
        int viewers = 1, sources = 1;
        double ramp = 10, duration = 10, lifetime = 2, baseline = 2, settle = 2, warmUp = 0, connectTimeout = 10;
        double? churn = null;
        int? pid = null;
        string? json = null;
        string? janus = null;
        var mountpoints = new List<long>();
        var audio = true;
        var srtpProfiles = ChromiumSrtpOffer;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-audio")
            {
                audio = false;
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                problems.Add($"unexpected argument '{name}': options start with --");
                continue;
            }

            if (i + 1 >= args.Count)
            {
                problems.Add($"{name} needs a value");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--url":
                    urls.Add(value);
                    break;
                case "--url-file":
                    if (File.Exists(value))
                    {
                        urls.AddRange(File.ReadAllLines(value).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
                    }
                    else
                    {
                        problems.Add($"--url-file: {value} does not exist");
                    }

                    break;
                case "--janus":
                    janus = value;
                    break;
                case "--mountpoint":
                    if (!JanusMountpoints.TryParse(value, mountpoints))
                    {
                        problems.Add($"--mountpoint: '{value}' is not a mountpoint id or a range first-last of at most 100000 ids");
                    }

                    break;
                case "--viewers":
                    viewers = (int)Number(name, value, 1, 10_000, problems);
                    break;
                case "--ramp":
                    ramp = Number(name, value, 0.1, 1000, problems);
                    break;
                case "--duration":
                    duration = Number(name, value, 1, 3600, problems);
                    break;
                case "--pid":
                    pid = (int)Number(name, value, 1, int.MaxValue, problems);
                    break;
                case "--json":
                    json = value;
                    break;
                case "--churn":
                    churn = Number(name, value, 0.1, 1000, problems);
                    break;
                case "--lifetime":
                    lifetime = Number(name, value, 0.1, 3600, problems);
                    break;
                case "--baseline":
                    baseline = Number(name, value, 0, 60, problems);
                    break;
                case "--warmup":
                    warmUp = Number(name, value, 0, 600, problems);
                    break;
                case "--settle":
                    settle = Number(name, value, 0, 600, problems);
                    break;
                case "--sources":
                    sources = (int)Number(name, value, 1, 254, problems);
                    break;
                case "--srtp-profiles":
                    srtpProfiles = SrtpProfiles(value, problems);
                    break;
                case "--connect-timeout":
                    connectTimeout = Number(name, value, 1, 120, problems);
                    break;
                default:
                    problems.Add($"unknown option {name}");
                    break;
            }
        }

        problems.AddRange(JanusMountpoints.Check(janus, urls.Count, mountpoints.Count));
        if (janus is not null)
        {
            urls.Add(janus);
        }
        else if (urls.Count == 0)
        {
            problems.Add("--url is required: the WHEP endpoint, e.g. a link from `dotnet run --project Proxy -- sign … --whep`");
        }

        foreach (var url in urls)
        {
            // Never echo the URL: it may be a signed link.
            if (!Uri.TryCreate(url.Replace("{i}", "0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add("--url: each endpoint is an absolute http(s) URL");
            }
            else if (!IsLoopback(uri))
            {
                problems.Add("--url: the endpoint must be on this machine (127.0.0.1, ::1 or localhost)");
            }
        }

        if (pid is { } p && !Directory.Exists($"/proc/{p}"))
        {
            problems.Add($"--pid: no process {p} (/proc/{p} does not exist)");
        }

        errors = problems.Distinct().ToList();
        if (errors.Count > 0)
        {
            options = null;
            return false;
        }

        options = new LoadToolOptions
        {
            Urls = urls,
            JanusApi = janus,
            Mountpoints = mountpoints,
            Viewers = viewers,
            Ramp = ramp,
            Duration = TimeSpan.FromSeconds(duration),
            Pid = pid,
            JsonPath = json,
            Churn = churn,
            Lifetime = TimeSpan.FromSeconds(lifetime),
            Baseline = TimeSpan.FromSeconds(baseline),
            Settle = TimeSpan.FromSeconds(settle),
            WarmUp = TimeSpan.FromSeconds(warmUp),
            ConnectTimeout = TimeSpan.FromSeconds(connectTimeout),
            Audio = audio,
            Sources = sources,
            SrtpProfiles = srtpProfiles,
        };
        return true;
    }

    private static int[] SrtpProfiles(string value, List<string> problems)
    {
        var profiles = new List<int>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int? id = name.ToLowerInvariant() switch
            {
                "cm" or "aes_cm_128_hmac_sha1_80" or "srtp_aes128_cm_hmac_sha1_80" => 0x0001,
                "gcm" or "aead_aes_128_gcm" or "srtp_aead_aes_128_gcm" => 0x0007,
                _ => null,
            };
            if (id is not { } known)
            {
                problems.Add($"--srtp-profiles: '{name}' is not cm or gcm (this client implements AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM)");
            }
            else if (profiles.Contains(known))
            {
                problems.Add($"--srtp-profiles: '{name}' is listed twice");
            }
            else
            {
                profiles.Add(known);
            }
        }

        if (profiles.Count == 0)
        {
            problems.Add("--srtp-profiles: name at least one of cm, gcm");
        }

        return [.. profiles];
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address));

    private static double Number(string name, string value, double min, double max, List<string> problems)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: '{value}' is not a number between {min} and {max}"));
        return min;
    }
}
