using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// The origin's one entry point to camera pulls: one <see cref="CameraStream"/> per camera and
/// forwarded query (<see cref="PullKey"/>) that somebody watches (or watched within its deletion
/// timeout), shared by all its subscribers. Registered cameras cost nothing here until their first
/// subscribe.
/// </summary>
/// <remarks>
/// Security invariant: a pull is shared only by viewers whose forwarded query is the same; the
/// first viewer's parameters never become another viewer's stream. At most
/// <see cref="MaxVariantsPerCamera"/> variants of one camera are pulled at once, so viewers
/// cannot multiply the connections to one camera by varying a parameter.
/// </remarks>
internal sealed partial class StreamHub : IAsyncDisposable
{
    private readonly ICameraSourceFactory _factory;
    private readonly TimeProvider _time;
    private readonly StreamHubMetrics _metrics;
    private readonly ILogger _streamLogger;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<PullKey, CameraStream> _streams = [];
    private readonly Dictionary<CameraPath, int> _variants = [];
    private bool _disposed;

    /// <summary>
    /// Most concurrent pulls of one camera with different forwarded queries. Cameras and NVRs
    /// serve a handful of sub-streams (main, sub, a channel or two) and often accept only a few
    /// RTSP sessions: four covers the real choices; a fifth set of parameters is refused with
    /// <see cref="StreamEndReasons.VariantLimit"/> at the cost of a dictionary lookup.
    /// </summary>
    public const int MaxVariantsPerCamera = 4;

    public StreamHub(ICameraSourceFactory factory, TimeProvider time, StreamHubMetrics metrics, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _factory = factory;
        _time = time;
        _metrics = metrics;
        _streamLogger = loggerFactory.CreateLogger<CameraStream>();
        _logger = loggerFactory.CreateLogger<StreamHub>();
    }

    /// <summary>
    /// Joins the camera's stream, starting its pull if nobody watches it. Concurrent first
    /// subscribers share one start; while the camera starts this waits, at most
    /// <see cref="StreamSettings.StartTimeout"/>. <paramref name="urls"/> and
    /// <paramref name="settings"/> apply when this call starts the stream; a stream already
    /// running keeps its own until it is released.
    /// </summary>
    /// <exception cref="StreamStartException"><c>start_timeout</c>, <c>camera_unreachable</c> or <c>hub_shutdown</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask<StreamSubscription> SubscribeAsync(
        CameraPath camera,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
        CancellationToken cancellationToken) =>
        SubscribeAsync(new PullKey(camera, string.Empty), urls, settings, cancellationToken);

    /// <summary>
    /// Joins the pull <paramref name="key"/> names (a camera and its forwarded query, see
    /// <see cref="CameraPullPlan.VariantOf"/>), starting it if nobody watches it; otherwise as
    /// <see cref="SubscribeAsync(CameraPath, IReadOnlyList{Uri}, StreamSettings, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="StreamStartException">Also <c>stream_variant_limit</c>: the camera already has <see cref="MaxVariantsPerCamera"/> pulls.</exception>
    public ValueTask<StreamSubscription> SubscribeAsync(
        PullKey key,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
        CancellationToken cancellationToken) =>
        SubscribeAsync(key, urls, settings, probe: false, cancellationToken);

    /// <summary>
    /// Joins the pull as a keyframe probe (a snapshot), as <see cref="SubscribeAsync(PullKey, IReadOnlyList{Uri}, StreamSettings, CancellationToken)"/>
    /// otherwise: when only probes ever joined the pull, the last one leaving releases it at once
    /// (no <see cref="StreamSettings.UnusedStreamDeletionTimeout"/>), so an unwatched camera is
    /// pulled only until its first keyframe (docs/snapshots.md).
    /// </summary>
    public ValueTask<StreamSubscription> ProbeAsync(
        PullKey key,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
        CancellationToken cancellationToken) =>
        SubscribeAsync(key, urls, settings, probe: true, cancellationToken);

    /// <summary>
    /// The kept keyframe of a pull that exists and is live, and its track, without joining it (a
    /// snapshot of a watched camera neither starts nor prolongs anything); false otherwise.
    /// </summary>
    public bool TryGetKeptKeyframe(PullKey key, out MediaFrame? keyframe, out TrackDescription? track)
    {
        CameraStream? stream;
        lock (_lock)
        {
            _streams.TryGetValue(key, out stream);
        }

        keyframe = null;
        track = null;
        return stream is not null && stream.TryGetKeptKeyframe(out keyframe, out track);
    }

    private async ValueTask<StreamSubscription> SubscribeAsync(
        PullKey key,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
        bool probe,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(settings);
        if (urls.Count == 0)
        {
            throw new ArgumentException("A camera needs at least one URL.", nameof(urls));
        }

        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(settings));
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stream = GetOrCreate(key, urls, settings);
            var subscription = await stream.SubscribeAsync(probe, cancellationToken);
            if (subscription is not null)
            {
                return subscription;
            }

            // The stream was released between the lookup and the subscribe; the next lookup makes a new one.
        }
    }

    /// <summary>
    /// The camera's stream statistics: its plain pull's when it has one, else one of its variants';
    /// null when the camera is not pulled (Idle).
    /// </summary>
    public CameraStreamStatistics? GetStatistics(CameraPath camera)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(new PullKey(camera, string.Empty), out var plain))
            {
                return plain.GetStatistics();
            }

            return StreamsOf(camera).FirstOrDefault()?.GetStatistics();
        }
    }

    /// <summary>The statistics of one pull; null when it does not exist.</summary>
    public CameraStreamStatistics? GetStatistics(PullKey key)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(key, out var stream) ? stream.GetStatistics() : null;
        }
    }

    /// <summary>
    /// Adds, for each camera pulled now, whether one of its pulls has a connected source and how
    /// many subscribers its pulls have (the metrics' per-camera gauges; nothing per viewer).
    /// </summary>
    public void CollectPulls(Dictionary<CameraPath, (bool Connected, int Subscribers)> pulls)
    {
        ArgumentNullException.ThrowIfNull(pulls);
        lock (_lock)
        {
            foreach (var stream in _streams.Values)
            {
                var (connected, subscribers) = pulls.GetValueOrDefault(stream.Camera);
                pulls[stream.Camera] = (connected || stream.IsSourceConnected, subscribers + stream.SubscriberCount);
            }
        }
    }

    /// <summary>The pulls of a camera that exist now, one per forwarded query.</summary>
    public IReadOnlyList<PullKey> PullsOf(CameraPath camera)
    {
        lock (_lock)
        {
            return [.. _streams.Keys.Where(k => k.Camera == camera)];
        }
    }

    /// <summary>Statistics of every camera stream that exists (Starting, Ready or Draining).</summary>
    public IReadOnlyList<CameraStreamStatistics> GetAll()
    {
        CameraStream[] streams;
        lock (_lock)
        {
            streams = [.. _streams.Values];
        }

        return [.. streams.Select(s => s.GetStatistics())];
    }

    /// <summary>
    /// Stops pulling the camera at once: its subscribers end with <c>camera_removed</c> and its
    /// source is disposed. For the registry when a camera is deleted or its URLs change. False
    /// when the camera was not pulled.
    /// </summary>
    public async ValueTask<bool> CloseCameraAsync(CameraPath camera)
    {
        CameraStream[] streams;
        lock (_lock)
        {
            streams = StreamsOf(camera);
        }

        if (streams.Length == 0)
        {
            return false;
        }

        await Task.WhenAll(streams.Select(s => s.CloseAsync(StreamEndReasons.CameraRemoved)));
        return true;
    }

    /// <summary>Completes when the camera's loop has handled everything posted so far. For tests and diagnostics.</summary>
    internal Task FlushAsync(CameraPath camera)
    {
        lock (_lock)
        {
            return Task.WhenAll(StreamsOf(camera).Select(s => s.FlushAsync()).ToArray());
        }
    }

    /// <summary>Ends every subscription with <c>hub_shutdown</c>, refuses new ones and disposes every source (TEARDOWN).</summary>
    public async ValueTask DisposeAsync()
    {
        CameraStream[] streams;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            streams = [.. _streams.Values];
        }

        Log.Stopping(_logger, streams.Length);
        await Task.WhenAll(streams.Select(s => s.ShutdownAsync()));
    }

    // Caller holds _lock. A camera has at most MaxVariantsPerCamera entries, but the hub many
    // cameras: the per-camera count keeps the common lookups O(1); this scan is for the rare callers.
    private CameraStream[] StreamsOf(CameraPath camera) =>
        _streams.Where(pair => pair.Key.Camera == camera).Select(pair => pair.Value).ToArray();

    private CameraStream GetOrCreate(PullKey key, IReadOnlyList<Uri> urls, StreamSettings settings)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                throw new StreamStartException(StreamEndReasons.HubShutdown, null, "the stream hub is shutting down");
            }

            if (!_streams.TryGetValue(key, out var stream))
            {
                var variants = _variants.GetValueOrDefault(key.Camera);
                if (variants >= MaxVariantsPerCamera)
                {
                    Log.VariantLimit(_logger, key.Camera, MaxVariantsPerCamera);
                    throw new StreamStartException(StreamEndReasons.VariantLimit, null, "the camera has too many pulls with different parameters");
                }

                stream = new CameraStream(key, [.. urls], settings, _factory, _time, _metrics, _streamLogger, released => OnReleased(key, released));
                _streams.Add(key, stream);
                _variants[key.Camera] = variants + 1;
            }

            return stream;
        }
    }

    private void OnReleased(PullKey key, CameraStream stream)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(key, out var current) && ReferenceEquals(current, stream))
            {
                _streams.Remove(key);
                var left = _variants.GetValueOrDefault(key.Camera) - 1;
                if (left > 0)
                {
                    _variants[key.Camera] = left;
                }
                else
                {
                    _variants.Remove(key.Camera);
                }
            }
        }
    }
}
