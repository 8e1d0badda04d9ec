using System.Globalization;
using System.Runtime.InteropServices;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Reads a process's CPU time from Linux's <c>/proc/&lt;pid&gt;/stat</c> (proc(5): fields 14
/// <c>utime</c> and 15 <c>stime</c>, in clock ticks, summed over the process's threads).
/// Chosen once by <see cref="Probe"/>; elsewhere <see cref="NoProcessCpuTime"/> stands in.
/// </summary>
internal sealed partial class ProcStatCpuTime : IProcessCpuTime
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK in glibc's and musl's unistd.h
    private static readonly Lazy<IProcessCpuTime> Probed = new(ProbeOnce);
    private readonly string _root;
    private readonly double _ticksPerSecond;

    /// <param name="root">The proc file system's mount point (tests point it at a directory of their own).</param>
    /// <param name="ticksPerSecond">The unit of <c>utime</c> and <c>stime</c> (<c>sysconf(_SC_CLK_TCK)</c>).</param>
    internal ProcStatCpuTime(string root, long ticksPerSecond)
    {
        _root = root;
        _ticksPerSecond = ticksPerSecond;
    }

    /// <summary>This reader when /proc answers for this very process, else <see cref="NoProcessCpuTime"/>. Probed once, at first use.</summary>
    public static IProcessCpuTime Probe() => Probed.Value;

    public TimeSpan? Read(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(_root, processId.ToString(CultureInfo.InvariantCulture), "stat"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone (reaped) or not ours to read: no reading, so the wall-clock rule decides.
            return null;
        }

        return Parse(stat, _ticksPerSecond);
    }

    /// <summary>utime + stime of one <c>stat</c> line, or null when it does not have them.</summary>
    internal static TimeSpan? Parse(string stat, double ticksPerSecond)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and ')': the
        // fields that follow are counted from its last ')'. After it: state is field 3, utime 14, stime 15.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int utime = 14 - 3;
        const int stime = 15 - 3;
        if (fields.Length <= stime ||
            !ulong.TryParse(fields[utime], NumberStyles.None, CultureInfo.InvariantCulture, out var user) ||
            !ulong.TryParse(fields[stime], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return TimeSpan.FromSeconds((user + system) / ticksPerSecond);
    }

    private static IProcessCpuTime ProbeOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return NoProcessCpuTime.Instance;
        }

        var ticks = SystemConfiguration(ClockTicksName);
        var reader = new ProcStatCpuTime("/proc", ticks > 0 ? ticks : 100);
        return reader.Read(Environment.ProcessId) is null ? NoProcessCpuTime.Instance : reader;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SystemConfiguration(int name);
}
