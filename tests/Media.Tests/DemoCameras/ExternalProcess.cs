using System.Diagnostics;
using SecureStream.Media.Tests.Interop;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>Runs ffmpeg or ffprobe to completion (killed after a deadline) and returns what it printed.</summary>
internal static class ExternalProcess
{
    // The Debian package that provides each program these tests run (scripts/test.sh installs them).
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["ffmpeg"] = "ffmpeg",
        ["ffprobe"] = "ffmpeg",
        ["gst-launch-1.0"] = "gstreamer1.0-tools",
    };

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find(fileName, Packages[fileName]))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
