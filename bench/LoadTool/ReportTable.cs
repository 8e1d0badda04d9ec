using System.Globalization;

namespace SecureStream.LoadTool;

/// <summary>The compact table printed at the end of a run: one header, one row, then failures if any.</summary>
internal static class ReportTable
{
    public static string Format(LoadReport report)
    {
        var s = report.Summary;
        var g = report.Gateway;
        var columns = new List<(string Header, string Value)>
        {
            ("mode", report.Mode),
            ("viewers", report.Viewers.ToString(CultureInfo.InvariantCulture)),
            ("played", s.Played.ToString(CultureInfo.InvariantCulture)),
            ("1st pkt p50/p99 ms", Pair(s.FirstPacketP50Ms, s.FirstPacketP99Ms)),
            ("1st key p50/p99 ms", Pair(s.FirstKeyframeP50Ms, s.FirstKeyframeP99Ms)),
            ("kbit/s", (s.MeanBitsPerSecond / 1000).ToString("F0", CultureInfo.InvariantCulture)),
            ("loss %", s.LossPercent.ToString("F3", CultureInfo.InvariantCulture)),
            ("bad NAL", s.BadNalUnits.ToString(CultureInfo.InvariantCulture)),
            ("cpu s/s", g is null ? "-" : g.CpuPerSecond.ToString("F3", CultureInfo.InvariantCulture)),
            ("cpu/viewer", g?.CpuPerViewer is { } c ? c.ToString("F4", CultureInfo.InvariantCulture) : "-"),
            ("rss MB", g is null ? "-" : Mb(g.ResidentBytes)),
            ("rss/viewer MB", g?.ResidentPerViewerBytes is { } r ? (r / 1048576.0).ToString("F2", CultureInfo.InvariantCulture) : "-"),
        };
        var widths = columns.Select(c => Math.Max(c.Header.Length, c.Value.Length)).ToArray();
        var header = string.Join("  ", columns.Select((c, i) => c.Header.PadLeft(widths[i])));
        var row = string.Join("  ", columns.Select((c, i) => c.Value.PadLeft(widths[i])));
        var text = header + Environment.NewLine + row + Environment.NewLine;
        if (g is not null)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"gateway pid {g.Pid}: idle {g.BaselineCpuPerSecond:F3} s/s, {Mb(g.BaselineResidentBytes)} MB; warm {Mb(g.WarmResidentBytes)} MB; peak {Mb(g.PeakResidentBytes)} MB; threads {g.ThreadsBefore} → {g.ThreadsAfter}; sockets {g.SocketsBefore} → {g.SocketsAfter}; fds {g.OpenFilesBefore} → {g.OpenFilesAfter} (before → after the run)")
                + Environment.NewLine;
        }

        if (s.Failures.Count > 0)
        {
            text += "not played: " + string.Join(", ", s.Failures.Select(f => $"{f.Key} ×{f.Value}")) + Environment.NewLine;
        }

        if (s.SrtpFailures + s.SrtpReplayed + s.QueueDrops > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"srtp: {s.SrtpFailures} failed authentication, {s.SrtpReplayed} refused as replayed or behind the window (sent out of order); viewer queue drops {s.QueueDrops}")
                + Environment.NewLine;
        }

        return text;
    }

    private static string Pair(double? p50, double? p99) =>
        p50 is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{p50:F0}/{p99:F0}");

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
