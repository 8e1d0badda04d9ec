namespace SecureStream.LoadTool;

/// <summary>
/// The results of one run, as printed and as written with <c>--json</c>. Carries no endpoint: a
/// signed link is a credential. Times in milliseconds, rates per second, sizes in bytes.
/// </summary>
internal sealed record LoadReport(
    string Mode,
    DateTimeOffset StartedAt,
    int Viewers,
    double Ramp,
    double? Churn,
    double DurationSeconds,
    ViewerSummary Summary,
    GatewayCost? Gateway,
    IReadOnlyList<ViewerReport> PerViewer);

/// <param name="Played">Viewers that completed ICE and DTLS and saw a keyframe.</param>
/// <param name="Failures">Failure reason → viewers (e.g. <c>http_403</c>, <c>ice_timeout</c>, <c>no_keyframe</c>).</param>
/// <param name="LossPercent">Lost ÷ (received + lost) × 100, every track of every viewer.</param>
internal sealed record ViewerSummary(
    int Started,
    int Played,
    IReadOnlyDictionary<string, int> Failures,
    double? FirstPacketP50Ms,
    double? FirstPacketP99Ms,
    double? FirstKeyframeP50Ms,
    double? FirstKeyframeP99Ms,
    double? ConnectP50Ms,
    double MeanBitsPerSecond,
    long Packets,
    long Lost,
    double LossPercent,
    long BadNalUnits,
    long SrtpFailures,
    long SrtpReplayed,
    long QueueDrops);

/// <summary>
/// The gateway's own cost from /proc over the measurement window: CPU-seconds per second (1.0 is
/// one core busy), resident memory, and threads, open descriptors and sockets before and after the
/// run (a leaked session or camera connection shows as more sockets after than before; descriptors
/// also grow as the runtime maps assemblies on first use).
/// </summary>
/// <param name="CpuPerViewer">Window CPU rate ÷ viewers playing.</param>
/// <param name="WarmResidentBytes">RSS after the warm-up viewer (camera pulled, code run once); the baseline's without one.</param>
/// <param name="ResidentPerViewerBytes">(mean window RSS − warm RSS) ÷ viewers playing; null under churn.</param>
internal sealed record GatewayCost(
    int Pid,
    double BaselineCpuPerSecond,
    double CpuPerSecond,
    double? CpuPerViewer,
    long BaselineResidentBytes,
    long WarmResidentBytes,
    long ResidentBytes,
    long PeakResidentBytes,
    long? ResidentPerViewerBytes,
    int ThreadsBefore,
    int ThreadsAfter,
    int OpenFilesBefore,
    int OpenFilesAfter,
    int SocketsBefore,
    int SocketsAfter);

/// <summary>One viewer's results (<see cref="SecureStream.ViewerClient.ViewerResult"/>) in milliseconds.</summary>
internal sealed record ViewerReport(
    int Index,
    string? Failure,
    double? SignallingMs,
    double? ConnectMs,
    double? FirstPacketMs,
    double? FirstKeyframeMs,
    long Packets,
    long Bytes,
    double BitsPerSecond,
    long Lost,
    long VideoFrames,
    long Keyframes,
    long BadNalUnits,
    long SrtpFailures,
    long SrtpReplayed,
    long QueueDrops);
