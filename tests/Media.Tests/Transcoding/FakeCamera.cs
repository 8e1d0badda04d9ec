using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>
/// Stands in for a camera pull: hands out subscriptions (counting them) and, from the first one on,
/// feeds every open one the given frames in a loop at their real pace, the first frame at
/// <see cref="BaseTimestamp"/>.
/// </summary>
internal sealed class FakeCamera : IAsyncDisposable
{
    private readonly List<StreamSubscription> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly HashSet<long> _offered = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSubscriber = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _feed;
    private int _subscribed;
    private int _keyframeRequests;

    /// <param name="frames">One loop of frames: payload units and whether each is a keyframe.</param>
    public FakeCamera(TrackDescription track, IReadOnlyList<(bool Keyframe, IReadOnlyList<byte[]> Units)> frames, int ticksPerFrame, long baseTimestamp)
    {
        Track = track;
        BaseTimestamp = baseTimestamp;
        _feed = Task.Run(() => FeedAsync(frames, ticksPerFrame, _stop.Token));
    }

    public static CameraPath Path { get; } = new("app", "cam");

    public TrackDescription Track { get; }

    public long BaseTimestamp { get; }

    /// <summary>Whether a frame with this timestamp was offered.</summary>
    public bool WasOffered(long timestamp)
    {
        lock (_lock)
        {
            return _offered.Contains(timestamp);
        }
    }

    public int Subscribed => Volatile.Read(ref _subscribed);

    /// <summary>Times a subscriber asked this camera for a keyframe.</summary>
    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    public IReadOnlyList<StreamSubscription> Subscriptions
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscriptions];
            }
        }
    }

    public ValueTask<StreamSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _subscribed);
        var subscription = new StreamSubscription(new PullKey(Path, string.Empty), [Track], 2000, _ => ValueTask.CompletedTask, _ => { }, () => Interlocked.Increment(ref _keyframeRequests));
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        _firstSubscriber.TrySetResult();
        return ValueTask.FromResult(subscription);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _feed;
        _stop.Dispose();
    }

    private async Task FeedAsync(IReadOnlyList<(bool Keyframe, IReadOnlyList<byte[]> Units)> frames, int ticksPerFrame, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds((double)ticksPerFrame / Track.ClockRate);
        using var timer = new PeriodicTimer(interval);
        var timestamp = BaseTimestamp;
        try
        {
            await _firstSubscriber.Task.WaitAsync(stop);
            for (var i = 0; ; i = (i + 1) % frames.Count)
            {
                await timer.WaitForNextTickAsync(stop);
                var (keyframe, units) = frames[i];
                var frame = new MediaFrame(Track.TrackId, Track.Codec, timestamp, keyframe, [.. units.Select(u => (ReadOnlyMemory<byte>)u)], DateTimeOffset.UtcNow);
                lock (_lock)
                {
                    _offered.Add(timestamp);
                    foreach (var subscription in _subscriptions)
                    {
                        subscription.Offer(frame);
                    }
                }

                timestamp += ticksPerFrame;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
