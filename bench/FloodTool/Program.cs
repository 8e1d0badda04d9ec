using System.Globalization;
using System.Net;
using System.Text.Json;

namespace SecureStream.FloodTool;

internal static class Program
{
    /// <summary>Runs one flood for its duration (see <see cref="FloodArguments.Usage"/>); exit 0 when it ran, 2 on bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(FloodArguments.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (!FloodArguments.TryParse(args, out var options, out var errors))
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("flood: " + error);
            }

            await Console.Error.WriteLineAsync(FloodArguments.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource(options.Duration);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var counters = new FloodCounters();
        var sources = new SourceRotation(options.Sources);
        var host = IPAddress.Parse(options.Gateway.Host);
        var http = new IPEndPoint(host, options.Gateway.Port);
        var floods = new List<Task>
        {
            new RefusalFlood(options, sources, counters).RunAsync(stop.Token),
            new HeldConnectionFlood(http, options.SlowHeaders, HeldConnectionFlood.SlowHeaderOpening(options.Path), (byte)'a',
                options.Trickle, sources, counters.SlowHeaders).RunAsync(stop.Token),
            new HeldConnectionFlood(http, options.SlowBodies, HeldConnectionFlood.SlowBodyOpening(options.Path), (byte)'a',
                options.Trickle, sources, counters.SlowBodies).RunAsync(stop.Token),
        };
        if (options.MediaPort > 0)
        {
            floods.Add(new HeldConnectionFlood(new IPEndPoint(host, options.MediaPort), options.IceTcp, [], null,
                options.Trickle, sources, counters.IceTcp).RunAsync(stop.Token));
        }

        var started = DateTimeOffset.UtcNow;
        var progress = ProgressAsync(counters, stop.Token);
        await Task.WhenAll(floods);
        await progress;
        var report = counters.Report(DateTimeOffset.UtcNow - started);
        Console.Write(Format(report, options.Sources.Count));
        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, FloodReportJsonContext.Default.FloodReport));
            Console.WriteLine("results: " + path);
        }

        return 0;
    }

    private static async Task ProgressAsync(FloodCounters counters, CancellationToken stop)
    {
        long last = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = counters.Report(TimeSpan.Zero);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flood: {(now.Requests - last) / 5.0:F0} req/s, held: slow headers {counters.SlowHeaders.OpenNow}, slow bodies {counters.SlowBodies.OpenNow}, ice-tcp {counters.IceTcp.OpenNow}"));
            last = now.Requests;
        }
    }

    private static string Format(FloodReport report, int sources)
    {
        var text = new System.Text.StringBuilder();
        var rate = report.Requests / Math.Max(0.001, report.DurationSeconds);
        text.Append(CultureInfo.InvariantCulture, $"flood over {report.DurationSeconds:F1} s from {sources} source addresses\n");
        text.Append(CultureInfo.InvariantCulture, $"  forged requests  {report.Requests} ({rate:F0}/s), failed without an answer {report.RequestErrors}\n");
        text.Append("  statuses         ").Append(string.Join(", ", report.Statuses.Select(s => $"{s.Key}: {s.Value}"))).Append('\n');
        text.Append("  held connections   opened  refused  cut by gateway  open at end  mean held s  max held s\n");
        foreach (var (name, held) in new[] { ("slow headers", report.SlowHeaders), ("slow bodies", report.SlowBodies), ("ice-tcp", report.IceTcp) })
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {name,-16} {held.Opened,8} {held.Refused,8} {held.ClosedByServer,15} {held.OpenAtEnd,12} {held.MeanHeldSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "-",12} {held.MaxHeldSeconds,11:F1}\n");
        }

        return text.ToString();
    }
}
