using System.Diagnostics;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using static SecureStream.Media.Tests.Transcoding.TranscoderTestKit;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>When a transcoder runs, how it survives ffmpeg dying or a hostile stream, and what it refuses.</summary>
[Collection(FfmpegTests.Name)]
public sealed class TranscoderLifecycleTests
{
    [Fact]
    public async Task JoinAsync_TenViewers_OneTranscoderOneFfmpegUntilTheLastLeaseEnds()
    {
        // One ffmpeg for all ten is the point; a loaded machine that holds ffmpeg's first output
        // past the default 5 s stall timeout would restart it and prove nothing about sharing.
        await using var hub = Hub(options => options.StallTimeout = TimeSpan.FromSeconds(60));
        await using var camera = await AacCameraAsync(0);
        Assert.Equal(0, hub.Running); // none before anyone joins
        Assert.Equal(0, camera.Subscribed);

        var viewers = Enumerable.Range(0, 10).Select(_ => Viewer()).ToList();
        var leases = new List<IAsyncDisposable>();
        foreach (var viewer in viewers)
        {
            leases.Add(await hub.JoinAsync(Pull(), camera.Track, MediaCodec.Opus, viewer, camera.SubscribeAsync, CancellationToken.None));
        }

        foreach (var viewer in viewers)
        {
            await ReadAsync(viewer, 10); // every viewer is served
        }

        var transcoder = Assert.Single(hub.Snapshot());
        var processId = transcoder.ProcessId;
        Assert.True(ProcessRuns(processId));
        Assert.Equal(1, camera.Subscribed);
        Assert.Equal(1, transcoder.Runs);

        foreach (var lease in leases.Skip(1))
        {
            await lease.DisposeAsync();
        }

        await ReadAsync(viewers[0], 10); // nine left: the tenth is still served by the same ffmpeg
        Assert.Equal(1, hub.Running);
        Assert.Equal(processId, transcoder.ProcessId);

        await leases[0].DisposeAsync();

        Assert.Equal(0, hub.Running);
        Assert.False(ProcessRuns(processId), "ffmpeg still runs after the last lease");
        Assert.True(camera.Subscriptions.Single().IsEnded, "the transcoder's camera subscription was not released");
    }

    [Fact]
    public async Task Transcoder_FfmpegKilledMidRun_RestartedAndFramesKeepComing()
    {
        await using var hub = Hub();
        await using var camera = await H265CameraAsync(0);
        var viewer = Viewer();
        await using var lease = await hub.JoinAsync(Pull(), camera.Track, MediaCodec.H264, viewer, camera.SubscribeAsync, CancellationToken.None);
        await ReadAsync(viewer, 10);
        var transcoder = Assert.Single(hub.Snapshot());
        var killed = transcoder.ProcessId;
        Assert.Equal(0, camera.KeyframeRequests); // the first run starts at the kept GOP's keyframe

        using (var process = Process.GetProcessById(killed))
        {
            process.Kill();
        }

        // Frames keep coming: after the restart the viewer resumes at a keyframe from a new ffmpeg.
        var after = await ReadUntilAsync(viewer, frame => frame.IsKeyframe && transcoder.Runs >= 2);
        var more = await ReadAsync(viewer, 30);
        Assert.True(after.IsKeyframe);
        // At least the one restart the kill caused: on a loaded machine the new run may itself be
        // restarted once more (a stall: no output within Transcoding:StallTimeout).
        Assert.True(transcoder.Restarts >= 1, $"{transcoder.Restarts} restart(s)");
        Assert.Equal(transcoder.Restarts, camera.KeyframeRequests); // each restart asked the camera for a keyframe
        Assert.NotEqual(killed, transcoder.ProcessId);
        Assert.True(ProcessRuns(transcoder.ProcessId));
        Assert.Equal(1, camera.Subscribed); // the camera subscription outlived the restart
        Assert.All(more, frame => Assert.True(camera.WasOffered(frame.Timestamp)));
        var probe = await TranscoderHubTests.ProbeAsync([after, .. more]);
        Assert.Equal(31, probe.GetProperty("nb_read_frames").GetString() is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    [Fact]
    public async Task Transcoder_RandomBytesAsH265_RestartedWithBackoffWhileAnotherCameraKeepsPlaying()
    {
        // The hostile ffmpeg's restarts are stalls (garbage in, nothing out): after 6 s if it idles,
        // after StallTimeoutMax (four times that) if it spins. The healthy one, niced and starved on
        // a loaded machine, keeps getting some CPU and so is not taken for a stall.
        await using var hub = Hub(options => options.StallTimeout = TimeSpan.FromSeconds(6));
        var random = new Random(1234);
        var garbage = Enumerable.Range(0, 50).Select(i =>
        {
            var unit = new byte[2000 + random.Next(20_000)];
            random.NextBytes(unit);
            unit[0] = (byte)(19 << 1); // claims to be an IDR
            unit[1] = 1;
            return (i % 10 == 0, (IReadOnlyList<byte[]>)[unit]);
        }).ToList();
        await using var hostile = new FakeCamera(TranscodingFixtures.H265Track(), garbage, TranscodingFixtures.VideoFrameTicks, 0);
        await using var healthy = await AacCameraAsync(0);
        var hostileViewer = Viewer();
        var healthyViewer = Viewer();
        await using var hostileLease = await hub.JoinAsync(Pull("hostile"), hostile.Track, MediaCodec.H264, hostileViewer, hostile.SubscribeAsync, CancellationToken.None);
        await using var healthyLease = await hub.JoinAsync(Pull("healthy"), healthy.Track, MediaCodec.Opus, healthyViewer, healthy.SubscribeAsync, CancellationToken.None);
        var hostileTranscoder = hub.Snapshot().Single(t => t.Key.Pull.Camera.Stream == "hostile");
        var healthyTranscoder = hub.Snapshot().Single(t => t.Key.Pull.Camera.Stream == "healthy");

        // Two restarts of a spinning ffmpeg take 2 × 24 s and two starts on a busy machine.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        while (hostileTranscoder.Restarts < 2)
        {
            await Task.Delay(100, deadline.Token);
        }

        // The healthy camera never noticed: still served, by its first and only ffmpeg.
        await ReadAsync(healthyViewer, 50);
        Assert.Equal(0, healthyTranscoder.Restarts);
        Assert.Equal(1, healthyTranscoder.Runs);
        Assert.Equal(2, hub.Running);
        Assert.True(hostileTranscoder.Runs >= 2);
    }

    [Fact]
    public async Task JoinAsync_VideoCapReached_RefusedWithCapacityWhileTheRunningOneKeepsServing()
    {
        await using var hub = Hub(options => options.MaxVideoTranscoders = 1);
        await using var first = await H265CameraAsync(0);
        await using var second = await H265CameraAsync(0);
        var viewer = Viewer();
        await using var lease = await hub.JoinAsync(Pull("first"), first.Track, MediaCodec.H264, viewer, first.SubscribeAsync, CancellationToken.None);

        Assert.Equal(TranscodingReasons.Capacity, hub.CannotProduce(second.Track, MediaCodec.H264));
        var refused = await Assert.ThrowsAsync<TranscodingRefusedException>(async () =>
            await hub.JoinAsync(Pull("second"), second.Track, MediaCodec.H264, Viewer(), second.SubscribeAsync, CancellationToken.None));
        Assert.Equal(TranscodingReasons.Capacity, refused.Reason);
        Assert.Equal(0, second.Subscribed); // a refusal never touches the camera
        Assert.Null(hub.CannotProduce(TranscodingFixtures.AacTrack(), MediaCodec.Opus)); // audio has its own cap

        var sameCamera = Viewer();
        await using var joined = await hub.JoinAsync(Pull("first"), first.Track, MediaCodec.H264, sameCamera, first.SubscribeAsync, CancellationToken.None);
        Assert.True((await ReadAsync(sameCamera, 1))[0].IsKeyframe); // a later viewer of the running one starts at its kept keyframe
    }

    [Theory]
    [InlineData("Opus", "H264")]
    [InlineData("Pcmu", "Opus")]
    [InlineData("H264", "Opus")]
    [InlineData("H265", "H265")]
    public async Task CannotProduce_ConversionNotOffered_Unsupported(string sourceCodec, string targetCodec)
    {
        var source = Enum.Parse<MediaCodec>(sourceCodec);
        var target = Enum.Parse<MediaCodec>(targetCodec);
        await using var hub = Hub();
        var kind = source is MediaCodec.H264 or MediaCodec.H265 ? TrackKind.Video : TrackKind.Audio;
        Assert.Equal(TranscodingReasons.Unsupported, hub.CannotProduce(new TrackDescription(0, kind, source, 90_000, 1, []), target));
    }

    [Fact]
    public async Task CannotProduce_Disabled_TranscodingDisabledAndNoFfmpegEver()
    {
        await using var hub = Hub(options => options.Enabled = false);
        await using var camera = await AacCameraAsync(0);

        Assert.Equal(TranscodingReasons.Disabled, hub.CannotProduce(camera.Track, MediaCodec.Opus));
        var refused = await Assert.ThrowsAsync<TranscodingRefusedException>(async () =>
            await hub.JoinAsync(Pull(), camera.Track, MediaCodec.Opus, Viewer(), camera.SubscribeAsync, CancellationToken.None));
        Assert.Equal(TranscodingReasons.Disabled, refused.Reason);
        Assert.Equal(0, camera.Subscribed);
    }

    [Fact]
    public async Task Describe_Targets_TheTracksViewersReceive()
    {
        await using var hub = Hub();

        var opus = hub.Describe(TranscodingFixtures.AacTrack(3), MediaCodec.Opus);
        var h264 = hub.Describe(TranscodingFixtures.H265Track(2), MediaCodec.H264);

        Assert.Equal(new TrackDescription(TranscodedTrackIds.Of(3), TrackKind.Audio, MediaCodec.Opus, 48_000, 2, opus.ParameterSets), opus);
        Assert.Empty(opus.ParameterSets);
        Assert.Equal((TranscodedTrackIds.Of(2), TrackKind.Video, MediaCodec.H264, 90_000, "42e01f", 640, 360), (h264.TrackId, h264.Kind, h264.Codec, h264.ClockRate, h264.Profile, h264.Width, h264.Height));
    }

    private static async Task<MediaFrame> ReadUntilAsync(StreamSubscription viewer, Func<MediaFrame, bool> match)
    {
        while (true)
        {
            var frame = (await ReadAsync(viewer, 1))[0];
            if (match(frame))
            {
                return frame;
            }
        }
    }
}
