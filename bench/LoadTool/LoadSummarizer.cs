using SecureStream.ViewerClient;

namespace SecureStream.LoadTool;

/// <summary>Turns viewer results and gateway readings into a <see cref="LoadReport"/>'s figures. Pure: tested without a gateway.</summary>
internal static class LoadSummarizer
{
    public const string NoKeyframe = "no_keyframe";

    public static ViewerReport Report(int index, ViewerResult result) => new(
        index,
        result.Failure ?? (result.FirstKeyframe is null ? NoKeyframe : null),
        Ms(result.SignallingTime),
        Ms(result.ConnectTime),
        Ms(result.FirstPacket),
        Ms(result.FirstKeyframe),
        result.Packets,
        result.Bytes,
        result.BitsPerSecond,
        result.Lost,
        result.VideoFrames,
        result.Keyframes,
        result.BadNalUnits,
        result.SrtpFailures,
        result.SrtpReplayed,
        result.QueueDrops);

    public static ViewerSummary Summarize(IReadOnlyList<ViewerReport> viewers)
    {
        var played = viewers.Where(v => v.Failure is null).ToList();
        var packets = viewers.Sum(v => v.Packets);
        var lost = viewers.Sum(v => Math.Max(0, v.Lost));
        return new ViewerSummary(
            viewers.Count,
            played.Count,
            viewers.Where(v => v.Failure is not null)
                .GroupBy(v => v.Failure!, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Percentiles.Of(played.Select(v => v.FirstPacketMs!.Value), 50),
            Percentiles.Of(played.Select(v => v.FirstPacketMs!.Value), 99),
            Percentiles.Of(played.Select(v => v.FirstKeyframeMs!.Value), 50),
            Percentiles.Of(played.Select(v => v.FirstKeyframeMs!.Value), 99),
            Percentiles.Of(played.Where(v => v.ConnectMs is not null).Select(v => v.ConnectMs!.Value), 50),
            played.Count == 0 ? 0 : played.Average(v => v.BitsPerSecond),
            packets,
            lost,
            packets + lost == 0 ? 0 : lost * 100.0 / (packets + lost),
            viewers.Sum(v => v.BadNalUnits),
            viewers.Sum(v => v.SrtpFailures),
            viewers.Sum(v => v.SrtpReplayed),
            viewers.Sum(v => v.QueueDrops));
    }

    /// <summary>The gateway's cost over the window [<paramref name="start"/>, <paramref name="end"/>], against a baseline without viewers.</summary>
    /// <param name="warm">The reading after the warm-up viewer (or the baseline's end without one): memory per viewer is counted from it.</param>
    /// <param name="viewers">Viewers playing through the window (churn: the mean number open, rate × lifetime).</param>
    /// <param name="steady">The same viewers throughout the window: only then is memory per viewer meaningful (churn comes and goes with the GC).</param>
    public static GatewayCost Cost(
        int pid,
        ProcSample baselineStart,
        ProcSample baselineEnd,
        ProcSample warm,
        ProcSample start,
        ProcSample end,
        IReadOnlyList<ProcSample> window,
        ProcSample after,
        int viewers,
        bool steady,
        TimeProvider timeProvider)
    {
        var cpu = Rate(start, end, timeProvider);
        var meanResident = window.Count == 0 ? end.ResidentBytes : (long)window.Average(s => s.ResidentBytes);
        return new GatewayCost(
            pid,
            Rate(baselineStart, baselineEnd, timeProvider),
            cpu,
            viewers > 0 ? cpu / viewers : null,
            baselineEnd.ResidentBytes,
            warm.ResidentBytes,
            meanResident,
            window.Count == 0 ? end.ResidentBytes : window.Max(s => s.ResidentBytes),
            steady && viewers > 0 ? (meanResident - warm.ResidentBytes) / viewers : null,
            baselineEnd.Threads,
            after.Threads,
            baselineEnd.OpenFiles,
            after.OpenFiles,
            baselineEnd.Sockets,
            after.Sockets);
    }

    /// <summary>CPU-seconds per second between two readings (0 when they are at the same instant).</summary>
    public static double Rate(ProcSample from, ProcSample to, TimeProvider timeProvider)
    {
        var wall = timeProvider.GetElapsedTime(from.At, to.At);
        return wall <= TimeSpan.Zero ? 0 : (to.Cpu - from.Cpu).TotalSeconds / wall.TotalSeconds;
    }

    private static double? Ms(TimeSpan? time) => time?.TotalMilliseconds;
}
