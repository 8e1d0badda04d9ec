using Microsoft.Extensions.Logging;
using SecureStream.TranscodeBench;

if (!BenchArguments.TryParse(args, out var arguments, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

// The origin's warnings (an ffmpeg restart, a camera failover) go to stderr; stdout is the result line.
using var loggers = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Warning)
    .AddSimpleConsole(console => console.SingleLine = true)
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

IReadOnlyList<RunResult> results = arguments.Kind switch
{
    "hub" => [await HubRun.RunAsync(arguments, loggers, cancel.Token)],
    "snapshot" => await SnapshotRun.RunAsync(arguments, loggers, cancel.Token),
    "once" => [await SnapshotRun.RunCommandAsync(arguments, cancel.Token)],
    _ => [await CommandRun.RunAsync(arguments, cancel.Token)],
};
foreach (var result in results)
{
    Console.WriteLine(result.ToLine());
}

return 0;
