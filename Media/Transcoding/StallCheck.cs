namespace SecureStream.Media.Transcoding;

/// <summary>
/// The watchdog's decision for one ffmpeg run, asked once per tick (docs/transcoding.md,
/// "Restarts"): a run whose input flows but whose output stopped for
/// <see cref="TranscodingOptions.StallTimeout"/> is stalled only when ffmpeg also used less than
/// <see cref="TranscodingOptions.StallMinCpuProgress"/> of CPU in that time. A niced ffmpeg that
/// a loaded machine starves still gets some CPU and catches up; restarting it would throw away its
/// state and pay a start-up it can afford even less. Past <see cref="TranscodingOptions.EffectiveStallTimeoutMax"/>
/// without output the run is stalled whatever its CPU: an ffmpeg spinning on hostile input is
/// caught too. Where CPU time cannot be read (<see cref="ProcessCpuTime"/> gives none) the timeout alone decides.
/// </summary>
internal sealed class StallCheck
{
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _timeoutMax;
    private readonly TimeSpan _minCpuProgress;
    private readonly IProcessCpuTime _cpu;
    private readonly TimeProvider _time;
    private bool _measured;
    private long _progressAt;
    private TimeSpan _progressCpu;

    /// <summary>A transcoder's check: the <c>Stall…</c> settings of <paramref name="options"/>.</summary>
    public StallCheck(TranscodingOptions options, IProcessCpuTime cpu, TimeProvider time)
        : this(options?.StallTimeout ?? throw new ArgumentNullException(nameof(options)), options.EffectiveStallTimeoutMax, options.StallMinCpuProgress, cpu, time)
    {
    }

    /// <summary>Any run's check: stalled after <paramref name="timeout"/> with less than <paramref name="minCpuProgress"/> of CPU in it, or after <paramref name="timeoutMax"/>.</summary>
    public StallCheck(TimeSpan timeout, TimeSpan timeoutMax, TimeSpan minCpuProgress, IProcessCpuTime cpu, TimeProvider time)
    {
        _timeout = timeout;
        _timeoutMax = timeoutMax;
        _minCpuProgress = minCpuProgress;
        _cpu = cpu;
        _time = time;
    }

    /// <summary>
    /// The verdict now. <paramref name="quietSince"/> is the <see cref="TimeProvider.GetTimestamp"/>
    /// from which input went in but nothing came out, or null while output flows; called every
    /// tick (also while output flows) so that ffmpeg's CPU progress is always known.
    /// </summary>
    public StallVerdict Check(int processId, long? quietSince)
    {
        var now = _time.GetTimestamp();
        var cpu = _cpu.Read(processId);

        // The mark moves each time ffmpeg has used another _minCpuProgress: how long it stood
        // still is how long ffmpeg did not get that much CPU.
        if (cpu is { } used && (!_measured || used - _progressCpu >= _minCpuProgress))
        {
            _measured = true;
            _progressAt = now;
            _progressCpu = used;
        }

        if (quietSince is not { } since)
        {
            return StallVerdict.Flowing;
        }

        var quiet = _time.GetElapsedTime(since, now);
        if (quiet <= _timeout)
        {
            return StallVerdict.Waiting;
        }

        if (quiet > _timeoutMax || cpu is null)
        {
            return StallVerdict.Stalled;
        }

        return _time.GetElapsedTime(_progressAt, now) > _timeout ? StallVerdict.Stalled : StallVerdict.Starved;
    }
}
