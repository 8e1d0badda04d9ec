using System.Text.Json;

namespace SecureStream.LoadTool;

internal static class Program
{
    /// <summary>Runs one load (see <see cref="LoadToolArguments.Usage"/>); exit 0 when every viewer played, 1 when some did not, 2 on bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(LoadToolArguments.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (!LoadToolArguments.TryParse(args, out var options, out var errors))
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("load: " + error);
            }

            await Console.Error.WriteLineAsync(LoadToolArguments.Usage);
            return 2;
        }

        // Ctrl+C stops the run early; viewers still close their sessions on the way out.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        using var runner = new LoadRunner(options, TimeProvider.System, Console.Out);
        LoadReport report;
        try
        {
            report = await runner.RunAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("load: stopped");
            return 1;
        }

        Console.WriteLine();
        Console.Write(ReportTable.Format(report));
        Console.WriteLine("srtp profiles negotiated: " + runner.NegotiatedSrtpProfiles);
        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, LoadReportJsonContext.Default.LoadReport));
            Console.WriteLine("results: " + path);
        }

        return report.Summary.Played == report.Summary.Started ? 0 : 1;
    }
}
