using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// The one owner of one camera's pull (docs/architecture.md, camera streams): a single loop over a command channel owns
/// the state machine (Idle → Starting → Ready ⇄ Draining → Idle), the current source and every
/// timer. Nothing else changes that state; other threads post commands. Frames do not pass
/// through the loop (see <see cref="FrameFanOut"/>). This file holds the state and the public
/// face; the loop and its timers are in CameraStream.Loop.cs, joining and leaving in
/// CameraStream.Subscribers.cs, start, failover and backoff in CameraStream.Source.cs.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Starting: the first subscriber starts URL 0; later ones wait, each bounded by
/// <see cref="StreamSettings.StartTimeout"/> (then <c>start_timeout</c>). An attempt that gives
/// no tracks within <see cref="StreamSettings.NoInputFailoverTimeout"/>, or fails, moves to the
/// next URL; when as many attempts as there are URLs have failed with an error the waiters get
/// <c>camera_unreachable</c> at once. When the last waiter gives up the start is abandoned.</item>
/// <item>Failover: no frame for <see cref="StreamSettings.NoInputFailoverTimeout"/>, or the source
/// ends → dispose it (TEARDOWN) and start the next URL, round-robin: at once after a healthy
/// source, then with doubling backoff (<see cref="StreamSettings.FailoverBackoff"/> up to
/// <see cref="StreamSettings.FailoverBackoffMax"/>). Subscribers stay attached and resume at the
/// new source's first keyframe. New tracks with the same codecs replace the old ones; a codec
/// change ends the subscribers with <c>tracks_changed</c> (WebRTC would need a new offer).</item>
/// <item>Give-up: a source that is not healthy again (tracks and at least one frame)
/// <see cref="StreamSettings.GiveUpAfter"/> after the first failure ends the subscribers with
/// <c>camera_down</c> and releases the stream.</item>
/// <item>Draining: the last subscriber leaving starts
/// <see cref="StreamSettings.UnusedStreamDeletionTimeout"/>; a subscriber in time cancels it;
/// otherwise the source is disposed and the stream released (the hub forgets it).</item>
/// <item>Probes: a stream that only keyframe probes (snapshots of an unwatched camera) ever joined
/// is released as soon as the last of them leaves, without the deletion timeout
/// (docs/snapshots.md, "Cold cameras"); once a viewer joined, the deletion timeout applies as usual.</item>
/// </list>
/// </remarks>
internal sealed partial class CameraStream
{
    private readonly IReadOnlyList<Uri> _urls;
    private readonly StreamSettings _settings;
    private readonly ICameraSourceFactory _factory;
    private readonly TimeProvider _time;
    private readonly StreamHubMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Action<CameraStream> _onReleased;
    // SingleReader stays false although only the loop reads: the single-reader channel cannot count its items, and Flush needs the count.
    private readonly Channel<Command> _commands = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly FrameFanOut _fanOut;
    private readonly List<Waiter> _waiters = [];
    private readonly List<StreamSubscription> _subscribers = [];
    private readonly List<Task> _disposals = [];
    private readonly List<TaskCompletionSource> _shutdownAcks = [];
    private readonly Task _loop;

    // Owned by the loop. Fields marked volatile are also read by GetStatistics.
    private ICameraSource? _source;
    private CancellationTokenSource? _attemptCancel;
    private long _generation;
    private long _attemptStartedAt;
    private int _consecutiveFailures;
    private int _startErrors;
    private int _retryIndex;
    private bool _released;
    private bool _watched;
    private Tick? _watchdog;
    private Tick? _retry;
    private Tick? _deletion;
    private Tick? _giveUp;
    private volatile int _state;
    private volatile int _urlIndex;
    private volatile bool _sourceReady;
    private volatile int _subscriberCount;
    private volatile int _waiterCount;
    private volatile int _sourceStarts;
    private volatile int _failovers;
    private volatile string? _lastFailure;

    // Unix milliseconds of the latest source failure (0: none), read with Volatile by GetStatistics.
    private long _lastFailureAtMs;
    private volatile IReadOnlyList<TrackDescription>? _tracks;
    private readonly Action _keyframeRequested;

    // Given to each subscription: a subscriber asks through the loop, which owns the source.
    private readonly Action _requestKeyframe;

    public CameraStream(
        PullKey pull,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
        ICameraSourceFactory factory,
        TimeProvider time,
        StreamHubMetrics metrics,
        ILogger logger,
        Action<CameraStream> onReleased)
    {
        Pull = pull;
        _urls = urls;
        _settings = settings;
        _factory = factory;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _onReleased = onReleased;
        _fanOut = new FrameFanOut(settings, time);
        _keyframeRequested = () => _metrics.KeyframeRequested(Camera);
        _requestKeyframe = () => _commands.Writer.TryWrite(KeyframeWanted.Instance);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The camera, forwarded query and rendition this stream pulls.</summary>
    public PullKey Pull { get; }

    public CameraPath Camera => Pull.Camera;

    public CameraStreamState State => (CameraStreamState)_state;

    /// <summary>The current source described its tracks and is not being replaced (read without the loop).</summary>
    public bool IsSourceConnected => _sourceReady;

    /// <summary>Subscribers attached now (read without the loop).</summary>
    public int SubscriberCount => _subscriberCount;

    /// <summary>Completes when the stream was released and its sources disposed.</summary>
    public Task Completion => _loop;

    /// <summary>
    /// Joins the stream, waiting while it starts. Null when this stream was released meanwhile
    /// (the hub then asks a fresh one).
    /// </summary>
    public Task<StreamSubscription?> SubscribeAsync(CancellationToken cancellationToken) => SubscribeAsync(probe: false, cancellationToken);

    /// <summary>As <see cref="SubscribeAsync(CancellationToken)"/>, as a viewer or as a keyframe probe.</summary>
    /// <param name="probe">
    /// A keyframe probe (a snapshot), not a viewer: when only probes ever joined this stream, the
    /// last one leaving releases it at once instead of starting the deletion timeout.
    /// </param>
    /// <param name="cancellationToken">Gives up waiting for the start.</param>
    public async Task<StreamSubscription?> SubscribeAsync(bool probe, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(probe, cancellationToken);
        if (!_commands.Writer.TryWrite(new Subscribe(waiter)))
        {
            return null;
        }

        using var registration = cancellationToken.Register(
            static state =>
            {
                var (stream, waiter) = ((CameraStream, Waiter))state!;
                stream._commands.Writer.TryWrite(new CancelWait(waiter));
            },
            (this, waiter));
        return await waiter.Result.Task;
    }

    /// <summary>Ends every subscriber with <c>hub_shutdown</c>, disposes the source and completes when it is disposed.</summary>
    public async Task ShutdownAsync()
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_commands.Writer.TryWrite(new Shutdown(ack)))
        {
            await ack.Task;
        }

        await _loop;
    }

    /// <summary>Ends every subscriber and waiter with <paramref name="reason"/> and releases the stream now (no deletion timeout).</summary>
    public async Task CloseAsync(string reason)
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_commands.Writer.TryWrite(new Close(reason, ack)))
        {
            await ack.Task;
        }
    }

    /// <summary>Completes once the loop has nothing left to do (every command posted before, and what they posted, handled). For tests and diagnostics.</summary>
    public Task FlushAsync()
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _commands.Writer.TryWrite(new Flush(ack)) ? ack.Task : Task.CompletedTask;
    }

    public CameraStreamStatistics GetStatistics()
    {
        var counters = _fanOut.Snapshot();
        var failedAt = Volatile.Read(ref _lastFailureAtMs);
        var tracks = _tracks;
        TrackDescription? video = null;
        TrackDescription? audio = null;
        foreach (var track in tracks ?? [])
        {
            if (track.Kind == TrackKind.Video)
            {
                video ??= track;
            }
            else
            {
                audio ??= track;
            }
        }

        return new CameraStreamStatistics(
            Camera,
            (CameraStreamState)_state,
            _subscriberCount,
            _waiterCount,
            counters.FramesIn,
            counters.BytesIn,
            counters.FramesDropped,
            counters.KeyframeInterval,
            video?.Codec,
            video?.Width,
            video?.Height,
            audio?.Codec,
            counters.LastInputAt,
            _urlIndex,
            _urls.Count,
            _sourceReady,
            _sourceStarts,
            _failovers,
            _lastFailure,
            counters.GopFrames)
        {
            LastFailureAt = failedAt > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(failedAt) : null,
        };
    }

    /// <summary>The kept keyframe of the live source and its track; false when none is kept.</summary>
    public bool TryGetKeptKeyframe(out MediaFrame? keyframe, out TrackDescription? track)
    {
        keyframe = _fanOut.KeptKeyframe;
        var trackId = keyframe?.TrackId;
        track = trackId is null ? null : _tracks?.FirstOrDefault(t => t.TrackId == trackId);
        return keyframe is not null && track is not null;
    }
}
