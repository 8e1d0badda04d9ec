using System.Collections.Concurrent;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>
/// An in-process <see cref="ITrackTranscoders"/> for tests: AAC → Opus and H.265/H.264 → H.264
/// Constrained Baseline, "transcoded" by relabelling each source frame (a fixed payload, the
/// track's own id, the timestamp rescaled to the output clock, the capture instant kept). Each
/// lease has its own camera subscription from the caller, as the real one does.
/// </summary>
internal sealed class FakeTrackTranscoders : ITrackTranscoders
{
    /// <summary>An Opus TOC for one 20 ms SILK frame, then two bytes: a frame the packetizer takes.</summary>
    private static readonly byte[] OpusPayload = [0x08, 0x00, 0x00];

    private readonly ConcurrentQueue<(PullKey Pull, TrackDescription Source, MediaCodec Target)> _joins = new();
    private int _active;

    /// <summary>Returned by <see cref="CannotProduce"/> when set (transcoding off, no capacity).</summary>
    public string? Refusal { get; set; }

    /// <summary>Thrown by <see cref="JoinAsync"/> when set.</summary>
    public Exception? JoinFailure { get; set; }

    public IReadOnlyList<(PullKey Pull, TrackDescription Source, MediaCodec Target)> Joins => [.. _joins];

    /// <summary>Leases not yet disposed.</summary>
    public int Active => Volatile.Read(ref _active);

    public string? CannotProduce(TrackDescription source, MediaCodec target) =>
        Refusal ?? ((source.Codec, target) is (MediaCodec.Aac, MediaCodec.Opus) or (MediaCodec.H265 or MediaCodec.H264, MediaCodec.H264)
            ? null
            : "transcoding_unsupported");

    public TrackDescription Describe(TrackDescription source, MediaCodec target) => target == MediaCodec.Opus
        ? new TrackDescription(TranscodedTrackIds.Of(source.TrackId), TrackKind.Audio, MediaCodec.Opus, 48000, 2, [])
        : new TrackDescription(TranscodedTrackIds.Of(source.TrackId), TrackKind.Video, MediaCodec.H264, 90000, 1, [])
        {
            Profile = "42e01f",
            Width = source.Width,
            Height = source.Height,
        };

    public async ValueTask<IAsyncDisposable> JoinAsync(
        PullKey pull,
        TrackDescription source,
        MediaCodec target,
        StreamSubscription viewer,
        Func<CancellationToken, ValueTask<StreamSubscription>> subscribeCamera,
        CancellationToken cancellationToken)
    {
        _joins.Enqueue((pull, source, target));
        if (JoinFailure is { } failure)
        {
            throw failure;
        }

        var camera = await subscribeCamera(cancellationToken);
        camera.AcceptOnly([source.TrackId]);
        var output = Describe(source, target);
        Interlocked.Increment(ref _active);
        return new Lease(this, camera, PumpAsync(camera, viewer, source, output));
    }

    private static async Task PumpAsync(StreamSubscription camera, StreamSubscription viewer, TrackDescription source, TrackDescription output)
    {
        try
        {
            await foreach (var frame in camera.Frames.ReadAllAsync(camera.EndedToken))
            {
                var timestamp = frame.Timestamp * output.ClockRate / source.ClockRate;
                IReadOnlyList<ReadOnlyMemory<byte>> units = output.Codec == MediaCodec.Opus
                    ? [OpusPayload]
                    : frame.IsKeyframe ? [new byte[] { 0x67, 0x42, 0xe0, 0x1f }, new byte[] { 0x68, 0xce }, new byte[] { 0x65, 0x88 }] : [new byte[] { 0x41, 0x9a }];
                viewer.Offer(new MediaFrame(output.TrackId, output.Codec, timestamp, frame.IsKeyframe, units, frame.ReceivedAt));
            }
        }
        catch (OperationCanceledException)
        {
            // The lease ended the camera subscription.
        }
    }

    private sealed class Lease(FakeTrackTranscoders owner, StreamSubscription camera, Task pump) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await camera.DisposeAsync();
            await pump;
            Interlocked.Decrement(ref owner._active);
        }
    }
}
