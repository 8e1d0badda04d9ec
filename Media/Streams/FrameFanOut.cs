using SecureStream.Media.Frames;

namespace SecureStream.Media.Streams;

/// <summary>
/// The data plane of one camera: takes frames from the current source, keeps the GOP and the
/// input counters, and hands each frame to every subscriber's bounded queue.
/// </summary>
/// <remarks>
/// Frames are fanned out directly on the source's receive thread instead of through the
/// <see cref="CameraStream"/> command loop: routing every frame through the loop would need an
/// unbounded queue (memory grows when the loop is busy) or a bounded one (the source would wait
/// or the loop would drop for everyone). The work done here never waits: a short lock, one
/// <c>TryWrite</c> per subscriber into a bounded channel, no I/O, no logging. The lock makes
/// "take the GOP and join" atomic with "append a frame and fan it out", so a joining subscriber
/// gets the GOP and then every following frame, with no gap and no duplicate. The loop holds the
/// lock only to join or leave subscribers and to switch sources.
/// <para>With at most <see cref="DrainOnSourceThreadLimit"/> subscribers, a subscriber that
/// consumes through <see cref="StreamSubscription.ConsumeAsync"/> (a viewer session's pump:
/// packetize, protect, a non-blocking send) is run on the source's thread right after the lock,
/// instead of waking a thread-pool worker per frame per viewer. Above the limit the consumers run
/// on their own tasks, so many viewers' sends spread over the cores and one camera's read
/// never carries them all.</para>
/// </remarks>
internal sealed class FrameFanOut
{
    /// <summary>Up to this many subscribers, their consumers run on the source's thread (see remarks).</summary>
    internal const int DrainOnSourceThreadLimit = 16;

    private readonly Lock _lock = new();
    private readonly GopBuffer _gop;
    private readonly TimeProvider _time;
    private StreamSubscription[] _subscribers = [];
    private long _generation = -1;
    private bool _live;
    private long _framesIn;
    private long _bytesIn;
    private long _framesInGeneration;
    private long _dropped;
    private long _lastInputTimestamp;
    private DateTimeOffset? _lastInputAt;
    private DateTimeOffset? _lastKeyframeAt;
    private TimeSpan? _keyframeInterval;

    public FrameFanOut(StreamSettings settings, TimeProvider time)
    {
        _gop = new GopBuffer(settings.GopMaxFrames, settings.GopMaxBytes);
        _time = time;
    }

    /// <summary>
    /// The kept GOP's keyframe (the latest video keyframe of the live source), or null when none is
    /// kept (not live yet, or the GOP outgrew its bounds). A snapshot reads it without subscribing.
    /// </summary>
    public MediaFrame? KeptKeyframe
    {
        get
        {
            lock (_lock)
            {
                return _live && _gop.Frames.Count > 0 ? _gop.Frames[0] : null;
            }
        }
    }

    /// <summary>A sink for the source of <paramref name="generation"/>; frames of any other generation are ignored.</summary>
    public IFrameSink CreateSink(long generation, Action<long, string> onSourceEnded) => new Sink(this, generation, onSourceEnded);

    /// <summary>A new source starts: forget the old GOP, hold frames back until <see cref="GoLive"/>, resume subscribers at a keyframe.</summary>
    public void BeginGeneration(long generation)
    {
        lock (_lock)
        {
            _generation = generation;
            _live = false;
            _framesInGeneration = 0;
            _lastKeyframeAt = null;
            _gop.Clear();
            foreach (var subscriber in _subscribers)
            {
                subscriber.ResyncAtNextKeyframe();
            }
        }
    }

    /// <summary>The source's tracks were accepted: deliver what it sent so far (from its first keyframe) and fan out from now on.</summary>
    public void GoLive(long generation)
    {
        lock (_lock)
        {
            if (generation != _generation || _live)
            {
                return;
            }

            _live = true;
            foreach (var subscriber in _subscribers)
            {
                DeliverGop(subscriber);
            }
        }
    }

    /// <summary>The current source was let go; whatever it still sends is ignored.</summary>
    public void StopGeneration()
    {
        lock (_lock)
        {
            _generation = -1;
            _live = false;
            _gop.Clear();
        }
    }

    /// <summary>Joins a subscriber: the kept GOP first (when live), then every new frame.</summary>
    public void Attach(StreamSubscription subscriber)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
            if (_live)
            {
                DeliverGop(subscriber);
            }
        }
    }

    /// <summary>Removes a subscriber; the number left.</summary>
    public int Detach(StreamSubscription subscriber)
    {
        lock (_lock)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
            return _subscribers.Length;
        }
    }

    /// <summary>Frames received from the current source.</summary>
    public long FramesInCurrentGeneration
    {
        get
        {
            lock (_lock)
            {
                return _framesInGeneration;
            }
        }
    }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the latest frame from any source (0 before the first).</summary>
    public long LastInputTimestamp
    {
        get
        {
            lock (_lock)
            {
                return _lastInputTimestamp;
            }
        }
    }

    public FanOutCounters Snapshot()
    {
        lock (_lock)
        {
            return new FanOutCounters(_framesIn, _bytesIn, _dropped, _lastInputAt, _keyframeInterval, _gop.Frames.Count, _gop.Bytes);
        }
    }

    private void OnFrame(long generation, MediaFrame frame)
    {
        StreamSubscription[]? drainHere = null;
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _framesIn++;
            _framesInGeneration++;
            _bytesIn += frame.Size;
            _lastInputAt = now;
            _lastInputTimestamp = _time.GetTimestamp();
            if (frame.IsKeyframe && GopBuffer.IsVideo(frame.Codec))
            {
                if (_lastKeyframeAt is { } previous)
                {
                    _keyframeInterval = now - previous;
                }

                _lastKeyframeAt = now;
            }

            _gop.Add(frame);
            if (!_live)
            {
                return;
            }

            var onThisThread = _subscribers.Length <= DrainOnSourceThreadLimit;
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.Offer(frame, drainOnCaller: onThisThread))
                {
                    _dropped++;
                }
            }

            drainHere = onThisThread ? _subscribers : null;
        }

        // Outside the lock: a consumer's sends never hold up joining, leaving or the next frame's bookkeeping.
        if (drainHere is not null)
        {
            foreach (var subscriber in drainHere)
            {
                subscriber.DrainOnCaller();
            }
        }
    }

    private void DeliverGop(StreamSubscription subscriber)
    {
        foreach (var frame in _gop.Frames)
        {
            if (subscriber.Offer(frame))
            {
                _dropped++;
            }
        }
    }

    /// <summary>What a source sees; bound to one generation so a replaced source cannot feed the stream.</summary>
    private sealed class Sink(FrameFanOut owner, long generation, Action<long, string> onSourceEnded) : IFrameSink
    {
        public void OnFrame(MediaFrame frame)
        {
            ArgumentNullException.ThrowIfNull(frame);
            owner.OnFrame(generation, frame);
        }

        public void OnSourceEnded(string reason) => onSourceEnded(generation, reason);
    }
}
