using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// The origin's one entry point to camera pulls: one <see cref="CameraStream"/> per camera that
/// somebody watches (or watched within its deletion timeout), shared by all its subscribers.
/// Registered cameras cost nothing here until their first subscribe.
/// </summary>
internal sealed partial class StreamHub : IAsyncDisposable
{
    private readonly ICameraSourceFactory _factory;
    private readonly TimeProvider _time;
    private readonly StreamHubMetrics _metrics;
    private readonly ILogger _streamLogger;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<CameraPath, CameraStream> _streams = [];
    private bool _disposed;

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
    public async ValueTask<StreamSubscription> SubscribeAsync(
        CameraPath camera,
        IReadOnlyList<Uri> urls,
        StreamSettings settings,
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
            var stream = GetOrCreate(camera, urls, settings);
            var subscription = await stream.SubscribeAsync(cancellationToken);
            if (subscription is not null)
            {
                return subscription;
            }

            // The stream was released between the lookup and the subscribe; the next lookup makes a new one.
        }
    }

    /// <summary>The camera's stream statistics; null when the camera is not pulled (Idle).</summary>
    public CameraStreamStatistics? GetStatistics(CameraPath camera)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(camera, out var stream) ? stream.GetStatistics() : null;
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
        CameraStream? stream;
        lock (_lock)
        {
            _streams.TryGetValue(camera, out stream);
        }

        if (stream is null)
        {
            return false;
        }

        await stream.CloseAsync(StreamEndReasons.CameraRemoved);
        return true;
    }

    /// <summary>Completes when the camera's loop has handled everything posted so far. For tests and diagnostics.</summary>
    internal Task FlushAsync(CameraPath camera)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(camera, out var stream) ? stream.FlushAsync() : Task.CompletedTask;
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

    private CameraStream GetOrCreate(CameraPath camera, IReadOnlyList<Uri> urls, StreamSettings settings)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                throw new StreamStartException(StreamEndReasons.HubShutdown, null, "the stream hub is shutting down");
            }

            if (!_streams.TryGetValue(camera, out var stream))
            {
                stream = new CameraStream(camera, [.. urls], settings, _factory, _time, _metrics, _streamLogger, OnReleased);
                _streams.Add(camera, stream);
            }

            return stream;
        }
    }

    private void OnReleased(CameraStream stream)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(stream.Camera, out var current) && ReferenceEquals(current, stream))
            {
                _streams.Remove(stream.Camera);
            }
        }
    }
}
