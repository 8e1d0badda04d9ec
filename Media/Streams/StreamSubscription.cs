using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// One subscriber's share of a camera stream: the tracks, a bounded queue of frames that starts
/// at a video keyframe (the kept GOP first), and how the subscription ended.
/// </summary>
/// <remarks>
/// <para>Drop policy: <b>drop-newest, then resynchronise at the next keyframe</b>. When the queue
/// is full the new frame is dropped and counted; after a dropped video frame every following
/// video frame is dropped (and counted) until the next keyframe, so what the subscriber does get
/// always decodes. Drop-oldest was rejected: it would throw away the keyframe at the head of the
/// queue and leave a queue of undecodable frames. Audio frames stand alone and are dropped one by
/// one. The camera and the other subscribers never wait for this queue.</para>
/// <para>After a failover (<see cref="SourceChanges"/> increases) video resumes at the new
/// source's first keyframe; timestamps may jump there. If the codecs change the subscription ends
/// with <c>tracks_changed</c>; otherwise <see cref="Tracks"/> is replaced (resolution or parameter
/// sets may differ) and <see cref="TracksVersion"/> increases; in-band parameter sets on the new
/// keyframe keep a pass-through decoder going without a new offer.</para>
/// <para>Two fan-outs may offer to one subscription: the camera's, and a transcoder's whose
/// output tracks have their own ids (<see cref="TranscodedTrackIds"/>). The track filter
/// (<see cref="AcceptOnly"/>) is applied first, so the camera's frames of a track the viewer gets
/// transcoded (or not at all) are never queued; and each fan-out has its own video keyframe
/// state (camera tracks, transcoded tracks), so neither ever touches the other's: each is only
/// used under its own fan-out's lock.</para>
/// <para>A consumer whose work per frame never waits (a viewer session's pump) reads through
/// <see cref="ConsumeAsync"/> instead of <see cref="Frames"/>: a fan-out with few subscribers then
/// runs it on the thread that delivered the frame, right after its lock, and only otherwise wakes
/// the consumer's task. The queue and its drop policy are the same either way; what goes away is
/// a thread-pool wake-up per frame per viewer (docs/benchmarks/pull-cost.md).</para>
/// </remarks>
internal sealed class StreamSubscription : IAsyncDisposable
{
    private readonly Channel<MediaFrame> _queue;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _endedSource = new();
    private readonly Func<StreamSubscription, ValueTask> _leave;
    private readonly Action<bool> _onDrop;
    private readonly Action? _requestKeyframe;
    private IReadOnlyList<TrackDescription> _tracks;
    private int _tracksVersion;
    private int _sourceChanges;
    private long _delivered;
    private long _dropped;
    private int _endedFlag;
    private int[]? _accepted;

    // The camera fan-out's video state and the transcoders' (see remarks).
    private readonly VideoGate _cameraVideo = new();
    private readonly VideoGate _transcodedVideo = new();

    // ConsumeAsync's consumer, the signal that wakes its task, and who drains the queue now (one
    // drainer at a time keeps the frames in order).
    private readonly SemaphoreSlim _wake = new(0);
    private Action<MediaFrame>? _consumer;
    private Exception? _consumerFailure;
    private int _wakePending;
    private int _draining;

    internal StreamSubscription(
        PullKey pull,
        IReadOnlyList<TrackDescription> tracks,
        int capacity,
        Func<StreamSubscription, ValueTask> leave,
        Action<bool> onDrop,
        Action? requestKeyframe = null)
    {
        Pull = pull;
        _tracks = tracks;
        _leave = leave;
        _onDrop = onDrop;
        _requestKeyframe = requestKeyframe;
        _queue = Channel.CreateBounded<MediaFrame>(new BoundedChannelOptions(capacity)
        {
            // Wait (never used for waiting: only TryWrite is called) so a full queue is reported and counted.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        EndedToken = _endedSource.Token;
    }

    /// <summary>The pull this subscription belongs to (camera, forwarded query, rendition).</summary>
    public PullKey Pull { get; }

    public CameraPath Camera => Pull.Camera;

    /// <summary>The camera's tracks as of the current source.</summary>
    public IReadOnlyList<TrackDescription> Tracks => Volatile.Read(ref _tracks);

    /// <summary>Increases each time <see cref="Tracks"/> is replaced after a failover.</summary>
    public int TracksVersion => Volatile.Read(ref _tracksVersion);

    /// <summary>How many times the camera's source changed (failover) while subscribed: a discontinuity in timestamps.</summary>
    public int SourceChanges => Volatile.Read(ref _sourceChanges);

    /// <summary>The frames, oldest first; after the subscription ends, what is still queued can be read, then the reader completes.</summary>
    public ChannelReader<MediaFrame> Frames => _queue.Reader;

    /// <summary>Completes with the end reason (<c>camera_down</c>, <c>hub_shutdown</c>, <c>tracks_changed</c>, <c>unsubscribed</c>).</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>Cancelled when the subscription ends.</summary>
    public CancellationToken EndedToken { get; }

    /// <summary>Frames queued for this subscriber.</summary>
    public long FramesDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Frames this subscriber lost because its queue was full (including video skipped until the next keyframe).</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    internal bool IsEnded => Volatile.Read(ref _endedFlag) != 0;

    /// <summary>
    /// Asks the camera for a keyframe soon, for a subscriber whose decoder starts over (a restarted
    /// transcoder) and would otherwise wait for the camera's next one. The camera's source limits
    /// how often it asks; a camera that ignores requests sends its keyframe when it would anyway.
    /// </summary>
    public void RequestKeyframe()
    {
        if (!IsEnded)
        {
            _requestKeyframe?.Invoke();
        }
    }

    /// <summary>
    /// From now on, queue only frames of these track ids (camera ids passed through, transcoded
    /// ids); frames of other tracks are ignored, neither queued nor counted. Null takes every track.
    /// </summary>
    public void AcceptOnly(IReadOnlyCollection<int>? trackIds) =>
        Volatile.Write(ref _accepted, trackIds is null ? null : [.. trackIds]);

    /// <summary>Leaves the stream; the last subscriber leaving starts the camera's deletion timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        if (End(StreamEndReasons.Unsubscribed))
        {
            await _leave(this);
        }
    }

    /// <summary>
    /// Runs <paramref name="consume"/> for every queued frame, in order, until the subscription
    /// ends and its queue is empty (or <paramref name="cancellationToken"/> is cancelled). The
    /// consumer must never wait: a fan-out with few subscribers calls it on its source's thread.
    /// One consumer at a time; don't read <see cref="Frames"/> meanwhile.
    /// </summary>
    internal async Task ConsumeAsync(Action<MediaFrame> consume, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _consumer, consume);
        try
        {
            while (true)
            {
                Volatile.Write(ref _wakePending, 0);
                if (Volatile.Read(ref _consumerFailure) is { } failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                Drain(consume);

                if (_queue.Reader.Completion.IsCompleted)
                {
                    return;
                }

                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // No drain starts after this, and one under way on another thread is waited for.
            Volatile.Write(ref _consumer, null);
            var spin = default(SpinWait);
            while (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                spin.SpinOnce();
            }
        }
    }

    /// <summary>
    /// After <see cref="Offer"/> with <c>drainOnCaller</c>, outside the fan-out's lock: runs the
    /// <see cref="ConsumeAsync"/> consumer on this thread. Never throws: a consumer that fails is
    /// dropped and its task rethrows the failure.
    /// </summary>
    internal void DrainOnCaller()
    {
        if (Volatile.Read(ref _consumer) is not { } consumer)
        {
            return;
        }

        try
        {
            Drain(consumer);
        }
#pragma warning disable CA1031 // The consumer's failure is its task's, never the camera read's.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _consumerFailure, ex);
            Volatile.Write(ref _consumer, null);
            Wake();
        }
    }

    private void Drain(Action<MediaFrame> consume)
    {
        var reader = _queue.Reader;
        while (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            try
            {
                while (reader.TryRead(out var frame))
                {
                    consume(frame);
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }

            if (reader.Completion.IsCompleted)
            {
                // The last frame was taken here; the consumer's task ends on it.
                Wake();
                return;
            }

            // A frame queued while this drainer held the turn found it taken: it is this drainer's.
            if (!reader.TryPeek(out _))
            {
                return;
            }
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Queues a frame without ever waiting. Called under the fan-out lock. True when the frame was
    /// dropped. With <paramref name="drainOnCaller"/> the caller calls <see cref="DrainOnCaller"/>
    /// after its lock; otherwise a <see cref="ConsumeAsync"/> consumer's task is woken.
    /// </summary>
    internal bool Offer(MediaFrame frame, bool drainOnCaller = false)
    {
        if (IsEnded || (Volatile.Read(ref _accepted) is { } accepted && Array.IndexOf(accepted, frame.TrackId) < 0))
        {
            return false;
        }

        var video = GopBuffer.IsVideo(frame.Codec);
        var gate = TranscodedTrackIds.IsTranscoded(frame.TrackId) ? _transcodedVideo : _cameraVideo;
        if (video && gate.AwaitingKeyframe)
        {
            if (!frame.IsKeyframe)
            {
                return gate.ResyncAfterDrop && CountDrop(video);
            }

            gate.AwaitingKeyframe = false;
            gate.ResyncAfterDrop = false;
        }

        if (_queue.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _delivered);
            if (!drainOnCaller && Volatile.Read(ref _consumer) is not null)
            {
                Wake();
            }

            return false;
        }

        if (IsEnded)
        {
            // Ended between the check above and the write: not a drop.
            return false;
        }

        if (video)
        {
            gate.AwaitingKeyframe = true;
            gate.ResyncAfterDrop = true;
        }

        return CountDrop(video);
    }

    /// <summary>
    /// The camera's source changed: its video resumes at the new source's next keyframe. Called
    /// under the camera fan-out's lock; transcoded video is the transcoder's to resynchronise.
    /// </summary>
    internal void ResyncAtNextKeyframe()
    {
        _cameraVideo.AwaitingKeyframe = true;
        _cameraVideo.ResyncAfterDrop = false;
    }

    /// <summary>A new source with the same codecs took over: its tracks replace the old ones.</summary>
    internal void OnSourceChanged(IReadOnlyList<TrackDescription> tracks)
    {
        Interlocked.Increment(ref _sourceChanges);
        Volatile.Write(ref _tracks, tracks);
        Interlocked.Increment(ref _tracksVersion);
    }

    /// <summary>Ends the subscription once; true for the call that ended it.</summary>
    internal bool End(string reason)
    {
        if (Interlocked.Exchange(ref _endedFlag, 1) != 0)
        {
            return false;
        }

        _queue.Writer.TryComplete();
        Wake();
        _ended.TrySetResult(reason);
        _endedSource.Cancel();
        return true;
    }

    private bool CountDrop(bool video)
    {
        Interlocked.Increment(ref _dropped);
        _onDrop(video);
        return true;
    }

    /// <summary>Where one fan-out's video stands: waiting for a keyframe (at the start, after a drop or a failover).</summary>
    private sealed class VideoGate
    {
        public bool AwaitingKeyframe { get; set; } = true;

        public bool ResyncAfterDrop { get; set; }
    }
}
