using System.Diagnostics;
using SecureStream.LoadTool;

namespace SecureStream.TranscodeBench;

/// <summary>
/// Another program doing the same job (a competitor's documented ffmpeg command), measured the
/// same way: its CPU from /proc over the same window after the same warm-up. Its standard output
/// is read and thrown away (the pipe a server would read); its errors go to this process's stderr.
/// </summary>
internal static class CommandRun
{
    public static async Task<RunResult> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(arguments.Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{arguments.Command[0]} did not start");
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        try
        {
            await Task.Delay(arguments.Warmup, cancellationToken);
            var time = TimeProvider.System;
            var first = ProcReader.Read(process.Id, time);
            await Task.Delay(arguments.Measure, cancellationToken);
            var last = ProcReader.Read(process.Id, time);
            var wall = time.GetElapsedTime(first.At, last.At).TotalSeconds;
            return new RunResult(arguments.Label, wall, null, (last.Cpu - first.Cpu).TotalSeconds / wall, 0, 0, null, null, 0);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
