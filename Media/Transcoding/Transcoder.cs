using Microsoft.Extensions.Logging;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// One conversion of one camera track for one pull, shared by every viewer who needs it: its own
/// camera subscription in, one boxed ffmpeg at a time, frames out to every joined viewer.
/// </summary>
/// <remarks>
/// <para>Started by the first viewer's join and stopped (ffmpeg killed, camera subscription
/// disposed) when <see cref="TranscoderHub"/> disposes it after the last viewer left.</para>
/// <para><b>Never lets a hostile stream out.</b> ffmpeg crashing, hanging (no output for
/// <see cref="TranscodingOptions.StallTimeout"/> while input flows) or writing garbage ends the run;
/// every exception in the loop does the same. The run is restarted after a backoff that doubles
/// from <see cref="TranscodingOptions.RestartBackoffInitial"/> to
/// <see cref="TranscodingOptions.RestartBackoffMax"/>; viewers stay joined and their video
/// resumes at the next keyframe. Every read is bounded (<see cref="TranscoderOutput"/>).</para>
/// </remarks>
internal sealed partial class Transcoder : IAsyncDisposable
{
    /// <summary>A run that produced output for this long counts as healthy: the next failure starts the backoff afresh.</summary>
    public static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);
    private readonly TranscodeProfile _profile;
    private readonly FfmpegBox _box;
    private readonly TranscodingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CancellationToken, ValueTask<StreamSubscription>> _subscribeCamera;
    private readonly ITranscoderEvents _events;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private int _restarts;
    private int _processId;
    private long _runs;

    public Transcoder(
        TranscoderKey key,
        TranscodeProfile profile,
        FfmpegBox box,
        TranscodingOptions options,
        TimeProvider time,
        ILogger logger,
        Func<CancellationToken, ValueTask<StreamSubscription>> subscribeCamera,
        ITranscoderEvents events)
    {
        Key = key;
        _profile = profile;
        _box = box;
        _options = options;
        _time = time;
        _logger = logger;
        _subscribeCamera = subscribeCamera;
        _events = events;
        // The camera's own fan-out, one generation per ffmpeg run: the same atomic "GOP then join",
        // bounded GOP and resync at the next keyframe after a restart as a camera's failover.
        Viewers = new FrameFanOut(StreamSettings.Default, time);
    }

    public TranscoderKey Key { get; }

    public TranscodeProfile Profile => _profile;

    public FrameFanOut Viewers { get; }

    /// <summary>ffmpeg runs ended by a crash, hang, garbage or error and restarted.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>ffmpeg runs started.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>The running ffmpeg's process id; 0 between runs.</summary>
    public int ProcessId => Volatile.Read(ref _processId);

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops: ffmpeg killed, camera subscription disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.WaitAsync(StopWait).ConfigureAwait(false);
            _stop.Dispose();
        }
        catch (TimeoutException)
        {
            // The abandoned run still holds the token: it is left for the collector, not disposed under it.
            Log.StopSlow(_logger, Key.Pull.Camera, Key.SourceTrackId, StopWait);
        }

        var framesOut = Viewers.Snapshot().FramesIn;
        Log.Stopped(_logger, Key.Pull.Camera, Key.SourceTrackId, _profile.Source.Codec, Key.Target, framesOut, Restarts);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        StreamSubscription? camera = null;
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                string reason;
                var exitCode = 0;
                var stderr = string.Empty;
                var startedAt = _time.GetTimestamp();
                var produced = false;
                try
                {
                    var fresh = camera is null || camera.IsEnded;
                    if (fresh)
                    {
                        if (camera is not null)
                        {
                            await camera.DisposeAsync().ConfigureAwait(false);
                            camera = null;
                        }

                        camera = await _subscribeCamera(stop).ConfigureAwait(false);

                        // Only the source track: the camera's other tracks (25 video frames a second
                        // for an audio transcoder) would each wake the input pump to be thrown away.
                        camera.AcceptOnly([_profile.Source.TrackId]);
                    }

                    // A fresh subscription starts at the camera's kept keyframe; an old one holds stale frames.
                    var run = await RunOnceAsync(camera!, Restarts > 0 && !fresh, stop).ConfigureAwait(false);
                    (reason, exitCode, stderr, produced) = run;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    // Never out of the loop: whatever failed (camera gone, a bug, a hostile stream) is a restart.
                    reason = "error";
                    stderr = exception.GetType().Name + ": " + exception.Message;
                }

                if (stop.IsCancellationRequested)
                {
                    break;
                }

                failures = produced && _time.GetElapsedTime(startedAt) >= HealthyRun ? 1 : failures + 1;
                var backoff = Backoff(failures);
                Interlocked.Increment(ref _restarts);
                Viewers.StopGeneration();
                Log.Restarting(_logger, Key.Pull.Camera, Key.SourceTrackId, _profile.Source.Codec, Key.Target, reason, exitCode, Restarts, backoff, LastLine(stderr));
                _events.Restarted(new TranscoderRestart(Key.Pull.Camera, Key.SourceTrackId, _profile.Source.Codec, Key.Target, reason, exitCode, Restarts, backoff));
                await Task.Delay(backoff, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while waiting to restart.
        }
        finally
        {
            if (camera is not null)
            {
                await camera.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var backoff = TimeSpan.FromTicks((long)Math.Min(_options.RestartBackoffInitial.Ticks * factor, _options.RestartBackoffMax.Ticks));
        return backoff < _options.RestartBackoffInitial ? _options.RestartBackoffInitial : backoff;
    }

    /// <summary>ffmpeg's last stderr line, short and printable: its errors may quote the stream, which the camera controls.</summary>
    private static string LastLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? string.Empty : lines[^1];
        var printable = new string([.. last.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
        return printable;
    }
}
