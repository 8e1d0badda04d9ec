using System.ComponentModel;
using System.Diagnostics;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Reads a process's CPU time as .NET does (<see cref="Process.TotalProcessorTime"/>: on Linux
/// <c>utime</c> + <c>stime</c> of <c>/proc/&lt;pid&gt;/stat</c>, all threads). Where the process is
/// gone or the platform cannot tell, there is no reading and the watchdog's wall-clock rule decides.
/// </summary>
internal sealed class ProcessCpuTime : IProcessCpuTime
{
    public static readonly ProcessCpuTime Instance = new();

    private ProcessCpuTime()
    {
    }

    public TimeSpan? Read(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Reaped (no such process), exited while being read, not ours to read, or no way to
            // tell here: no reading.
            return null;
        }
    }
}
