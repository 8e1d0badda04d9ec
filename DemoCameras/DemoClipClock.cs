using Microsoft.Extensions.Logging;

namespace SecureStream.DemoCameras;

/// <summary>
/// The one pacing loop of a demo server. Every clip has a single shared timeline (frame n is due
/// n / frame-rate seconds after the clock started), so the cost is one 20 ms timer for the whole
/// server, not one per session: thousands of simulated cameras cost a copy and a socket write
/// each per tick, nothing more. Frames are computed from elapsed time, not counted ticks, so a
/// late tick sends what is due and the pace never drifts. With no session playing, the loop
/// waits without a timer.
/// </summary>
internal sealed partial class DemoClipClock : IAsyncDisposable
{
    /// <summary>PCMU frames of 20 ms.</summary>
    public const int AudioFramesPerSecond = DemoClip.AudioClockRate / DemoClip.AudioSamplesPerFrame;

    /// <summary>One audio frame; video frames (40 ms at 25 fps) fall on every other tick.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<DemoClip, DemoClipFanOut> _fanOuts;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _epoch;
    private int _playing;
    private Task? _loop;

    public DemoClipClock(DemoClipLibrary library, TimeProvider timeProvider, ILogger<DemoClipClock> logger)
    {
        ArgumentNullException.ThrowIfNull(library);
        _timeProvider = timeProvider;
        _logger = logger;
        _fanOuts = library.Clips.ToDictionary(clip => clip, clip => new DemoClipFanOut(clip));
        _epoch = timeProvider.GetTimestamp();
    }

    /// <summary>Time on the shared timeline.</summary>
    public TimeSpan Elapsed => _timeProvider.GetElapsedTime(_epoch);

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);

    /// <summary>Starts sending <paramref name="session"/>'s clip to it from the next tick (video from the next keyframe).</summary>
    public void Subscribe(DemoRtspSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_fanOuts[session.Clip].Add(session) && Interlocked.Increment(ref _playing) == 1)
        {
            _wake.Release();
        }
    }

    public void Unsubscribe(DemoRtspSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_fanOuts[session.Clip].Remove(session))
        {
            Interlocked.Decrement(ref _playing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // A PeriodicTimer ticks from construction whether or not anyone awaits it: it starts
        // stopped and runs only while a session plays. (Created running, it woke the runtime's
        // timer thread and a pool worker 50 times a second in an idle gateway: most of its idle CPU.)
        using var timer = new PeriodicTimer(Timeout.InfiniteTimeSpan, _timeProvider);
        var ticking = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (Volatile.Read(ref _playing) == 0)
                {
                    if (ticking)
                    {
                        timer.Period = Timeout.InfiniteTimeSpan;
                        ticking = false;
                    }

                    await _wake.WaitAsync(cancellationToken);
                    continue;
                }

                // Also reached with the timer still stopped when a session subscribed before this
                // loop first ran: start it here, not only after a wake-up.
                if (!ticking)
                {
                    timer.Period = Tick;
                    ticking = true;
                }

                await timer.WaitForNextTickAsync(cancellationToken);
                var elapsed = Elapsed;
                var wallclock = _timeProvider.GetUtcNow();
                var elapsedTicks = elapsed.Ticks;
                var audioEnd = (elapsedTicks * AudioFramesPerSecond / TimeSpan.TicksPerSecond) + 1;
                foreach (var fanOut in _fanOuts.Values)
                {
                    var videoEnd = (elapsedTicks * fanOut.Clip.FrameRate / TimeSpan.TicksPerSecond) + 1;
                    try
                    {
                        fanOut.Emit(videoEnd, audioEnd);
                        fanOut.ReportSenders(elapsed, wallclock);
                    }
#pragma warning disable CA1031 // One clip's fault must not stop every other demo camera.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        Log.TickFailed(_logger, fanOut.Clip.Name, exception);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
