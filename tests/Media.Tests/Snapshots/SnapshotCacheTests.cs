using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Snapshots;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Snapshots;

/// <summary>One decode per keyframe, shared by everyone who asks while it runs and after; bounded entries and decodes.</summary>
public sealed class SnapshotCacheTests
{
    private static readonly PullKey Key = new(new CameraPath("app", "cam1"), string.Empty);

    [Fact]
    public async Task GetAsync_ThousandRequestsForOneKeyframe_OneDecodeSharedByAll()
    {
        var decoder = new CountingDecoder();
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters);
        var keyframe = SnapshotTestData.Keyframe(9000);

        // From many threads at once, while the one decode is held.
        var requests = Enumerable.Range(0, 1000).AsParallel().Select(_ => cache.GetAsync(Key, keyframe, SnapshotTestData.H264Track)).ToArray();
        Assert.All(requests, r => Assert.False(r.IsCompleted));
        decoder.Release();
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.Same(SnapshotTestData.TinyJpeg, r.Jpeg));
        Assert.Equal(1, decoder.Calls);
        Assert.Equal(1, cache.Decodes);

        // Later requests for the same keyframe: still that one decode.
        Assert.Same(SnapshotTestData.TinyJpeg, (await cache.GetAsync(Key, keyframe, SnapshotTestData.H264Track)).Jpeg);
        Assert.Equal(1, decoder.Calls);
        Assert.Equal(1, meters.Sum("securestream.media.snapshot.decodes"));
        Assert.Equal(1001, meters.Sum("securestream.media.snapshots"));
    }

    [Fact]
    public async Task GetAsync_NewerKeyframe_DecodedAgain_WithTheTrackParameterSets()
    {
        var decoder = new CountingDecoder { AnswerAtOnce = true };
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters);

        await cache.GetAsync(Key, SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);
        await cache.GetAsync(Key, SnapshotTestData.Keyframe(90000), SnapshotTestData.H264Track);

        Assert.Equal(2, decoder.Calls);
        Assert.Equal([0, 0, 0, 1, .. SnapshotTestData.Sps, 0, 0, 0, 1, .. SnapshotTestData.Pps, 0, 0, 0, 1, 0x65, 0x88, 0x84], decoder.LastInput.ToArray());
    }

    [Fact]
    public async Task GetAsync_DecodeFailed_FailureCachedForThatKeyframe_DecoderNotFedItAgain()
    {
        var decoder = new CountingDecoder { AnswerAtOnce = true, Answer = KeyframeDecode.Failed("exit_code") };
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters);
        var keyframe = SnapshotTestData.Keyframe(0);

        for (var i = 0; i < 100; i++)
        {
            Assert.False((await cache.GetAsync(Key, keyframe, SnapshotTestData.H264Track)).IsDecoded);
        }

        Assert.Equal(1, decoder.Calls);
    }

    [Fact]
    public async Task GetAsync_DecoderWritesGarbage_NotAJpeg()
    {
        var decoder = new CountingDecoder { AnswerAtOnce = true, Answer = KeyframeDecode.Decoded("<html>not a picture</html>"u8.ToArray()) };
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters);

        var result = await cache.GetAsync(Key, SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);

        Assert.False(result.IsDecoded);
        Assert.Equal("not_a_jpeg", result.Failure);
    }

    [Fact]
    public async Task GetAsync_DecoderThrows_FailureValueNotAnException()
    {
        using var meters = new TestMeterFactory();
        using var cache = Create(new ThrowingDecoder(), meters);

        var result = await cache.GetAsync(Key, SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);

        Assert.Equal("decoder_fault", result.Failure);
    }

    [Fact]
    public async Task GetAsync_KeyframeOverTheInputLimit_RefusedWithoutDecoding()
    {
        var decoder = new CountingDecoder { AnswerAtOnce = true };
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters, new SnapshotOptions { MaxKeyframeBytes = 64 * 1024 });

        var result = await cache.GetAsync(Key, SnapshotTestData.Keyframe(0, new byte[65 * 1024]), SnapshotTestData.H264Track);

        Assert.Equal("keyframe_too_large", result.Failure);
        Assert.Equal(0, decoder.Calls);
    }

    [Fact]
    public async Task GetAsync_PendingDecodesAtTheLimit_NewKeyframeBusyAtOnce_NotCached()
    {
        var decoder = new CountingDecoder();
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters, new SnapshotOptions { MaxConcurrentDecodes = 1, MaxPendingDecodes = 2 });
        var keys = Enumerable.Range(0, 3).Select(i => new PullKey(new CameraPath("app", "cam" + i), string.Empty)).ToArray();

        var first = cache.GetAsync(keys[0], SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);
        var second = cache.GetAsync(keys[1], SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);
        var refused = await cache.GetAsync(keys[2], SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track);

        Assert.Same(KeyframeDecode.Busy, refused);
        decoder.Release();
        Assert.True((await first).IsDecoded);
        Assert.True((await second).IsDecoded);
        Assert.True((await cache.GetAsync(keys[2], SnapshotTestData.Keyframe(0), SnapshotTestData.H264Track)).IsDecoded);
        Assert.Equal(3, decoder.Calls);
    }

    [Fact]
    public async Task GetAsync_MorePullsThanEntries_LeastRecentlyUsedEvicted()
    {
        var decoder = new CountingDecoder { AnswerAtOnce = true };
        using var meters = new TestMeterFactory();
        using var cache = Create(decoder, meters, new SnapshotOptions { MaxCachedSnapshots = 2 });
        var keys = Enumerable.Range(0, 3).Select(i => new PullKey(new CameraPath("app", "cam" + i), string.Empty)).ToArray();
        var keyframe = SnapshotTestData.Keyframe(0);

        await cache.GetAsync(keys[0], keyframe, SnapshotTestData.H264Track);
        await cache.GetAsync(keys[1], keyframe, SnapshotTestData.H264Track);
        await cache.GetAsync(keys[0], keyframe, SnapshotTestData.H264Track);
        await cache.GetAsync(keys[2], keyframe, SnapshotTestData.H264Track);
        Assert.Equal(3, decoder.Calls);

        await cache.GetAsync(keys[0], keyframe, SnapshotTestData.H264Track);
        Assert.Equal(3, decoder.Calls);
        await cache.GetAsync(keys[1], keyframe, SnapshotTestData.H264Track);
        Assert.Equal(4, decoder.Calls);
    }

    private static SnapshotCache Create(IKeyframeDecoder decoder, TestMeterFactory meters, SnapshotOptions? options = null) =>
        new(decoder, Options.Create(options ?? new SnapshotOptions()), new SnapshotMetrics(meters), TimeProvider.System, NullLogger<SnapshotCache>.Instance);

    private sealed class ThrowingDecoder : IKeyframeDecoder
    {
        public Task<KeyframeDecode> DecodeAsync(MediaCodec codec, ReadOnlyMemory<byte> annexB, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("decoder bug");
    }
}
