using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// The origin's transcoders: one per (pull, source track, target codec), shared by every viewer
/// who needs it, started by the first join and stopped when the last lease is disposed (the
/// on-demand rule of pulls). Caps concurrent transcoders per kind
/// (<see cref="TranscodingOptions.MaxVideoTranscoders"/>, <see cref="TranscodingOptions.MaxAudioTranscoders"/>).
/// </summary>
internal sealed partial class TranscoderHub : ITrackTranscoders, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TranscoderKey, Transcoder> _transcoders = [];
    private readonly FfmpegBox _box;
    private readonly TranscodingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ITranscoderEvents _events;
    private readonly ILogger<TranscoderHub> _logger;
    private readonly Task<string?> _probe;
    private bool _disposed;

    public TranscoderHub(
        FfmpegBox box,
        IOptions<TranscodingOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        ITranscoderEvents? events = null,
        TranscoderMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _box = box;
        _options = options.Value;
        _time = time;
        _loggers = loggers;
        _events = events ?? new NoTranscoderEvents();
        _logger = loggers.CreateLogger<TranscoderHub>();
        metrics?.Attach(this);

        // Probed once, in the background, so the first viewer who needs it does not wait for it.
        _probe = _options.Enabled ? box.UnavailableReasonAsync(CancellationToken.None) : Task.FromResult<string?>(TranscodingReasons.Disabled);
    }

    /// <summary>Transcoders running now.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _transcoders.Count;
            }
        }
    }

    /// <summary>Transcoders running now that make video (or, false, audio).</summary>
    public int RunningOf(bool video)
    {
        lock (_lock)
        {
            return CountOf(video);
        }
    }

    /// <summary>The running transcoders (a copy).</summary>
    public IReadOnlyList<Transcoder> Snapshot()
    {
        lock (_lock)
        {
            return [.. _transcoders.Values];
        }
    }

    /// <inheritdoc/>
    public string? CannotProduce(TrackDescription source, MediaCodec target)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!_options.Enabled)
        {
            return TranscodingReasons.Disabled;
        }

        if (TranscodeProfile.Check(source, target) is { } unsupported)
        {
            return unsupported;
        }

        if (_probe.IsCompletedSuccessfully && _probe.Result is not null)
        {
            return TranscodingReasons.Unavailable;
        }

        var video = source.Kind == TrackKind.Video;
        lock (_lock)
        {
            return CountOf(video) >= Limit(video) ? TranscodingReasons.Capacity : null;
        }
    }

    /// <inheritdoc/>
    public TrackDescription Describe(TrackDescription source, MediaCodec target) => TranscodeProfile.Describe(source, target);

    /// <inheritdoc/>
    /// <exception cref="TranscodingRefusedException">The conversion cannot be produced (see <see cref="CannotProduce"/>); the viewer is not joined.</exception>
    public ValueTask<IAsyncDisposable> JoinAsync(
        PullKey pull,
        TrackDescription source,
        MediaCodec target,
        StreamSubscription viewer,
        Func<CancellationToken, ValueTask<StreamSubscription>> subscribeCamera,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(subscribeCamera);
        cancellationToken.ThrowIfCancellationRequested();
        var key = new TranscoderKey(pull, source.TrackId, target);
        Transcoder transcoder;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_transcoders.TryGetValue(key, out transcoder!))
            {
                var video = source.Kind == TrackKind.Video;
                var refusal = !_options.Enabled ? TranscodingReasons.Disabled
                    : TranscodeProfile.Check(source, target) is { } unsupported ? unsupported
                    : _probe.IsCompletedSuccessfully && _probe.Result is not null ? TranscodingReasons.Unavailable
                    : CountOf(video) >= Limit(video) ? TranscodingReasons.Capacity
                    : null;
                if (refusal is not null)
                {
                    if (refusal == TranscodingReasons.Capacity)
                    {
                        Log.CapacityReached(_logger, pull.Camera, source.TrackId, video ? "video" : "audio", Limit(video));
                    }

                    throw new TranscodingRefusedException(refusal);
                }

                var profile = TranscodeProfile.Create(source, target, _options);
                transcoder = new Transcoder(key, profile, _box, _options, _time, _loggers.CreateLogger<Transcoder>(), subscribeCamera, _events);
                _transcoders.Add(key, transcoder);
                transcoder.Start();
            }

            transcoder.Viewers.Attach(viewer);
        }

        return ValueTask.FromResult<IAsyncDisposable>(new TranscoderLease(this, transcoder, viewer));
    }

    public async ValueTask DisposeAsync()
    {
        Transcoder[] running;
        lock (_lock)
        {
            _disposed = true;
            running = [.. _transcoders.Values];
            _transcoders.Clear();
        }

        foreach (var transcoder in running)
        {
            await transcoder.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A lease ends: the viewer leaves, and the transcoder stops when it was the last.</summary>
    internal async ValueTask LeaveAsync(Transcoder transcoder, StreamSubscription viewer)
    {
        lock (_lock)
        {
            if (transcoder.Viewers.Detach(viewer) > 0 ||
                !_transcoders.TryGetValue(transcoder.Key, out var current) ||
                !ReferenceEquals(current, transcoder))
            {
                return;
            }

            _transcoders.Remove(transcoder.Key);
        }

        await transcoder.DisposeAsync().ConfigureAwait(false);
    }

    private int CountOf(bool video)
    {
        var count = 0;
        foreach (var transcoder in _transcoders.Values)
        {
            if (transcoder.Profile.IsVideo == video)
            {
                count++;
            }
        }

        return count;
    }

    private int Limit(bool video) => video ? _options.MaxVideoTranscoders : _options.MaxAudioTranscoders;
}
