using SecureStream.Media.Frames;

namespace SecureStream.Media.Tests.Streams;

/// <summary>How a fake source answers StartAsync.</summary>
internal enum FakeStartBehaviour
{
    /// <summary>Returns the tracks at once.</summary>
    Start,

    /// <summary>Never answers until the test calls <see cref="FakeCameraSource.CompleteStart"/> or <see cref="FakeCameraSource.FailStart"/>.</summary>
    Hang,

    /// <summary>Fails at once with <see cref="FakeCameraSourceFactory.FailureReason"/>.</summary>
    Fail,
}

/// <summary>An in-process camera: counts what the hub does with its sources and emits frames on demand.</summary>
internal sealed class FakeCameraSourceFactory : ICameraSourceFactory
{
    private readonly Lock _lock = new();
    private readonly List<FakeCameraSource> _sources = [];
    private int _disposed;
    private int _maxAlive;

    public FakeStartBehaviour Behaviour { get; set; } = FakeStartBehaviour.Start;

    public string FailureReason { get; set; } = "connection_refused";

    public IReadOnlyList<TrackDescription> Tracks { get; set; } = FakeFrames.VideoAndAudioTracks;

    public int Created
    {
        get
        {
            lock (_lock)
            {
                return _sources.Count;
            }
        }
    }

    public int Disposed => Volatile.Read(ref _disposed);

    /// <summary>Sources created and not yet disposed.</summary>
    public int Alive => Created - Disposed;

    /// <summary>The most sources alive at the same time.</summary>
    public int MaxAlive => Volatile.Read(ref _maxAlive);

    public IReadOnlyList<FakeCameraSource> Sources
    {
        get
        {
            lock (_lock)
            {
                return [.. _sources];
            }
        }
    }

    /// <summary>The latest source made for <paramref name="url"/>, if any.</summary>
    public FakeCameraSource? Latest(Uri url) => Sources.LastOrDefault(s => s.Url == url);

    /// <summary>The latest source that is not disposed.</summary>
    public FakeCameraSource Current => Sources.Last(s => !s.IsDisposed);

    public ICameraSource Create(Uri url) => Create(url, null);

    public ICameraSource Create(Uri url, Action? keyframeRequested)
    {
        var source = new FakeCameraSource(this, url) { KeyframeRequested = keyframeRequested };
        lock (_lock)
        {
            _sources.Add(source);
            _maxAlive = Math.Max(_maxAlive, _sources.Count - _disposed);
        }

        return source;
    }

    internal void OnDisposed() => Interlocked.Increment(ref _disposed);
}

internal sealed class FakeCameraSource(FakeCameraSourceFactory factory, Uri url) : ICameraSource
{
    // Continuations run inline, as they would on a real source's receive thread.
    private readonly TaskCompletionSource<IReadOnlyList<TrackDescription>> _start = new();
    private int _disposed;
    private long _timestamp;
    private int _keyframeRequests;

    public Uri Url { get; } = url;

    public IFrameSink? Sink { get; private set; }

    /// <summary>What the hub gave the source to count its keyframe requests to the camera.</summary>
    public Action? KeyframeRequested { get; init; }

    /// <summary>Times the hub asked this source for a keyframe (for a joining viewer).</summary>
    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public Task<IReadOnlyList<TrackDescription>> StartAsync(IFrameSink sink, CancellationToken cancellationToken)
    {
        Sink = sink;
        switch (factory.Behaviour)
        {
            case FakeStartBehaviour.Start:
                _start.TrySetResult(factory.Tracks);
                break;
            case FakeStartBehaviour.Fail:
                _start.TrySetException(new CameraSourceException(factory.FailureReason, "fake camera refused"));
                break;
        }

        cancellationToken.Register(() => _start.TrySetCanceled(cancellationToken));
        return _start.Task;
    }

    public bool RequestKeyframe()
    {
        Interlocked.Increment(ref _keyframeRequests);
        return true;
    }

    public void CompleteStart(IReadOnlyList<TrackDescription>? tracks = null) => _start.TrySetResult(tracks ?? factory.Tracks);

    public void FailStart(string reason) => _start.TrySetException(new CameraSourceException(reason, "fake camera refused"));

    public void Emit(MediaFrame frame) => Sink!.OnFrame(frame);

    public MediaFrame EmitVideo(bool keyframe, int size = 100)
    {
        var frame = FakeFrames.Video(keyframe, _timestamp += 3000, size);
        Emit(frame);
        return frame;
    }

    public MediaFrame EmitAudio()
    {
        var frame = FakeFrames.Audio(_timestamp);
        Emit(frame);
        return frame;
    }

    /// <summary>The camera went away on its own (the hub must fail over).</summary>
    public void End(string reason) => Sink!.OnSourceEnded(reason);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            factory.OnDisposed();
        }

        return ValueTask.CompletedTask;
    }
}
