using System.Globalization;

namespace SecureStream.LoadTool;

/// <summary>
/// Reads a process's own cost from Linux's /proc (proc(5)): utime + stime from
/// <c>/proc/&lt;pid&gt;/stat</c>, VmRSS and Threads from <c>/proc/&lt;pid&gt;/status</c>, and the
/// number of open descriptors. The parsers are pure so that they are tested on sample files.
/// </summary>
internal static class ProcReader
{
    /// <summary>
    /// Clock ticks per second of utime/stime: USER_HZ, which Linux fixes at 100 on every
    /// architecture .NET runs on (x86, arm), whatever the kernel's internal HZ.
    /// </summary>
    public const int ClockTicksPerSecond = 100;

    public static ProcSample Read(int pid, TimeProvider timeProvider)
    {
        var at = timeProvider.GetTimestamp();
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var status = File.ReadAllText($"/proc/{pid}/status");
        if (!TryParseStat(stat, out var cpu, out _) || !TryParseStatus(status, out var rss, out var threads))
        {
            throw new InvalidDataException($"/proc/{pid} could not be read.");
        }

        int files = 0, sockets = 0;
        try
        {
            // proc(5): each /proc/pid/fd entry is a link to the file, or to "socket:[inode]".
            foreach (var fd in new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos())
            {
                files++;
                if (IsSocket(fd))
                {
                    sockets++;
                }
            }
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            (files, sockets) = (-1, -1);
        }

        return new ProcSample(at, cpu, rss, threads, files, sockets);
    }

    private static bool IsSocket(FileSystemInfo fd)
    {
        try
        {
            return fd.LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false; // closed between listing and reading
        }
    }

    /// <summary>
    /// proc(5) /proc/pid/stat: "pid (comm) state ppid …", where comm may hold spaces and
    /// parentheses — so fields are counted after the last ')'. utime is field 14, stime 15
    /// (clock ticks), num_threads 20.
    /// </summary>
    public static bool TryParseStat(string text, out TimeSpan cpu, out int threads)
    {
        cpu = TimeSpan.Zero;
        threads = 0;
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // Fields after ')' start at field 3 (state): field n is at index n - 3.
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 18
            || !long.TryParse(fields[14 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[15 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            || !int.TryParse(fields[20 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out threads))
        {
            return false;
        }

        cpu = TimeSpan.FromSeconds((utime + stime) / (double)ClockTicksPerSecond);
        return true;
    }

    /// <summary>proc(5) /proc/pid/status: "VmRSS:\t  123456 kB" (kibibytes) and "Threads:\t12".</summary>
    public static bool TryParseStatus(string text, out long residentBytes, out int threads)
    {
        residentBytes = -1;
        threads = -1;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name == "VmRSS")
            {
                var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                {
                    residentBytes = kib * 1024;
                }
            }
            else if (name == "Threads" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                threads = count;
            }
        }

        return residentBytes >= 0 && threads >= 0;
    }
}
