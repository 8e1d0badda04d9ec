using System.Diagnostics;
using SecureStream.Media.Tests.Interop;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>What promtool printed and how it ended.</summary>
internal sealed record PromtoolRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Debian's promtool (package <c>prometheus</c>), run as an operator runs it. A missing promtool
/// fails the test naming the package (scripts/test.sh installs it).
/// </summary>
internal static class Promtool
{
    public const string Executable = "/usr/bin/promtool";

    public const string Package = "prometheus";

    /// <summary>Runs <c>promtool arguments…</c> in <paramref name="workingDirectory"/>, with <paramref name="input"/> on stdin when given.</summary>
    public static async Task<PromtoolRun> RunAsync(IEnumerable<string> arguments, string workingDirectory, string? input = null)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find(Executable, Package))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        // Bounded: a hung promtool fails the test rather than hanging the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', start.ArgumentList)} did not finish within 2 minutes");
        }

        return new PromtoolRun(process.ExitCode, await output, await error);
    }
}
