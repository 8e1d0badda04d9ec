using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// The latest snapshot of each pull, decoded once per keyframe: every request for the same
/// keyframe shares one decode (also while it runs), a newer keyframe replaces it.
/// </summary>
/// <remarks>
/// Bounds (docs/snapshots.md, "Limits"): at most <see cref="SnapshotOptions.MaxCachedSnapshots"/>
/// entries of at most <see cref="SnapshotOptions.MaxJpegBytes"/> each, the least recently used
/// evicted first; at most <see cref="SnapshotOptions.MaxConcurrentDecodes"/> decoders at once and
/// <see cref="SnapshotOptions.MaxPendingDecodes"/> running or waiting, beyond which a new keyframe
/// is refused at the cost of a dictionary lookup. A decode runs on its own timeout, never on one
/// requester's cancellation, because the others share it. A failed decode is cached like a good
/// one: a keyframe that breaks the decoder is not fed to it again by every request.
/// </remarks>
internal sealed partial class SnapshotCache : IDisposable
{
    private readonly IKeyframeDecoder _decoder;
    private readonly SnapshotOptions _options;
    private readonly SnapshotMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private readonly Dictionary<PullKey, Entry> _entries = [];
    private int _pending;
    private long _decodes;
    private long _uses;

    public SnapshotCache(IKeyframeDecoder decoder, IOptions<SnapshotOptions> options, SnapshotMetrics metrics, TimeProvider time, ILogger<SnapshotCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _decoder = decoder;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentDecodes, _options.MaxConcurrentDecodes);
    }

    /// <summary>Decodes started since start (one per distinct keyframe asked for).</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    /// <summary>
    /// The snapshot of <paramref name="keyframe"/>: the cached one when this pull's entry is this
    /// keyframe's, else a new decode that replaces the entry.
    /// </summary>
    public Task<KeyframeDecode> GetAsync(PullKey key, MediaFrame keyframe, TrackDescription track)
    {
        ArgumentNullException.ThrowIfNull(keyframe);
        ArgumentNullException.ThrowIfNull(track);
        var id = new KeyframeId(keyframe.TrackId, keyframe.Timestamp, keyframe.ReceivedAt, keyframe.Size);
        lock (_lock)
        {
            var use = ++_uses;
            if (_entries.TryGetValue(key, out var entry) && entry.Keyframe == id)
            {
                entry.LastUse = use;
                _metrics.Served(cached: true);
                return entry.Decode;
            }

            if (_pending >= _options.MaxPendingDecodes)
            {
                return Task.FromResult(KeyframeDecode.Busy);
            }

            _pending++;
            _decodes++;
            _metrics.Served(cached: false);
            var decode = DecodeAsync(keyframe, track);
            _entries[key] = new Entry(id, decode) { LastUse = use };
            EvictOverLimit();
            return decode;
        }
    }

    public void Dispose() => _slots.Dispose();

    // Caller holds _lock. n is at most MaxCachedSnapshots + 1, and this runs once per decode.
    private void EvictOverLimit()
    {
        while (_entries.Count > _options.MaxCachedSnapshots)
        {
            var oldest = _entries.MinBy(pair => pair.Value.LastUse).Key;
            _entries.Remove(oldest);
        }
    }

    private async Task<KeyframeDecode> DecodeAsync(MediaFrame keyframe, TrackDescription track)
    {
        // Off the caller's thread: the caller holds the cache lock.
        await Task.Yield();
        var started = _time.GetTimestamp();
        try
        {
            var input = KeyframeAnnexB.Build(keyframe, track, _options.MaxKeyframeBytes);
            if (input is null)
            {
                return Finish(KeyframeDecode.Failed("keyframe_too_large"), keyframe.Codec, started);
            }

            // The decoder's own watch ends a stalled ffmpeg after DecodeTimeout; this bounds the
            // wait for a slot and a decode a busy machine slows down.
            using var timeout = new CancellationTokenSource(_options.DecodeTimeoutMax, _time);
            await _slots.WaitAsync(timeout.Token);
            try
            {
                var result = await _decoder.DecodeAsync(keyframe.Codec, input, timeout.Token);
                if (result.Jpeg is { } jpeg && (jpeg.Length > _options.MaxJpegBytes || !JpegHeader.TryRead(jpeg, out _, out _)))
                {
                    result = KeyframeDecode.Failed("not_a_jpeg");
                }

                return Finish(result, keyframe.Codec, started);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException)
        {
            return Finish(KeyframeDecode.Failed("decode_timeout"), keyframe.Codec, started);
        }
#pragma warning disable CA1031 // A decoder fault is a failed snapshot, never a crashed request or an unobserved task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.DecoderFaulted(_logger, exception.GetType().Name);
            return Finish(KeyframeDecode.Failed("decoder_fault"), keyframe.Codec, started);
        }
        finally
        {
            lock (_lock)
            {
                _pending--;
            }
        }
    }

    private KeyframeDecode Finish(KeyframeDecode result, MediaCodec codec, long started)
    {
        var elapsed = _time.GetElapsedTime(started);
        _metrics.Decoded(result.IsDecoded, elapsed);
        if (result.IsDecoded)
        {
            Log.Decoded(_logger, codec, result.Jpeg!.Length, (long)elapsed.TotalMilliseconds);
        }
        else
        {
            Log.DecodeFailed(_logger, codec, result.Failure!, (long)elapsed.TotalMilliseconds);
        }

        return result;
    }

    /// <summary>Which keyframe an entry is of: the same frame object, as every subscriber and the kept GOP share it.</summary>
    private readonly record struct KeyframeId(int TrackId, long Timestamp, DateTimeOffset ReceivedAt, int Size);

    private sealed class Entry(KeyframeId keyframe, Task<KeyframeDecode> decode)
    {
        public KeyframeId Keyframe { get; } = keyframe;

        public Task<KeyframeDecode> Decode { get; } = decode;

        public long LastUse { get; set; }
    }
}
