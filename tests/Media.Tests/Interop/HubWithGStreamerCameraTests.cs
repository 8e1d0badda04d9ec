using System.Threading.Channels;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// The on-demand promise against a real camera (GStreamer's RTSP server), shown by the camera's
/// own count of connected clients: nothing pulled while nobody watches, one pull shared by every
/// viewer, TEARDOWN after the deletion timeout, failover to the next URL, reconnection; on both
/// receive paths (the shared receive thread, each connection's asynchronous reads).
/// </summary>
public abstract class HubWithGStreamerCameraTests
{
    private protected abstract RtspReceiveMode Mode { get; }

    public sealed class OnSharedThread : HubWithGStreamerCameraTests
    {
        private protected override RtspReceiveMode Mode => RtspReceiveMode.SharedThread;
    }

    public sealed class OnAsyncReads : HubWithGStreamerCameraTests
    {
        private protected override RtspReceiveMode Mode => RtspReceiveMode.Async;
    }

    private static readonly CameraPath Camera = new("app", "cam1");

    [Fact]
    public async Task RegisteredButUnwatched_HundredCameras_NoConnection()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hub = CreateHub();
        var urls = Enumerable.Range(0, 100).Select(_ => camera.Url("/h264")).ToList();

        // Nothing asks for them: the hub holds no stream, and the camera has no client.
        Assert.Empty(hub.GetAll());
        Assert.Equal(100, urls.Count);
        Assert.Equal(0, camera.Clients);
    }

    [Fact]
    public async Task FiveConcurrentSubscribers_OneConnection_TeardownAfterDeletionTimeout()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hub = CreateHub();
        var settings = Settings() with { UnusedStreamDeletionTimeout = TimeSpan.FromSeconds(5) };

        var subscriptions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            hub.SubscribeAsync(Camera, [camera.Url("/h264")], settings, Bound()).AsTask()));
        foreach (var subscription in subscriptions)
        {
            var keyframe = await FirstKeyframeAsync(subscription.Frames);
            Assert.Equal(MediaCodec.H264, keyframe.Codec);
        }

        Assert.Equal(1, camera.Clients);
        Assert.Equal(5, hub.GetStatistics(Camera)!.Subscribers);
        var video = subscriptions[0].Tracks.Single(t => t.Kind == TrackKind.Video);
        Assert.Equal(320, video.Width);
        Assert.Equal(240, video.Height);

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        // Still pulled right after the last viewer left (the deletion timeout runs) ...
        Assert.Equal(1, camera.Clients);
        // ... and released with TEARDOWN once it has passed.
        await camera.WaitForClientsAsync(0, Bound());
        Assert.Null(hub.GetStatistics(Camera));
    }

    [Fact]
    public async Task FirstCameraKilled_FailsOverToSecondUrl_SubscriberKept()
    {
        var first = await GStreamerCamera.StartAsync(Bound());
        await using var second = await GStreamerCamera.StartAsync(Bound());
        await using var hub = CreateHub();

        await using var subscription = await hub.SubscribeAsync(Camera, [first.Url("/h264"), second.Url("/h264")], Settings(), Bound());
        await FirstKeyframeAsync(subscription.Frames);
        Assert.Equal(0, second.Clients);

        await first.DisposeAsync();

        await second.WaitForClientsAsync(1, Bound());
        var resumed = await FirstKeyframeAsync(subscription.Frames, Bound());
        Assert.True(resumed.IsKeyframe);
        Assert.False(subscription.Ended.IsCompleted);
        Assert.True(hub.GetStatistics(Camera)!.Failovers >= 1);
    }

    [Fact]
    public async Task CameraComesBack_HubReconnects()
    {
        var camera = await GStreamerCamera.StartAsync(Bound());
        var port = camera.Port;
        await using var hub = CreateHub();
        await using var subscription = await hub.SubscribeAsync(Camera, [camera.Url("/h264")], Settings(), Bound());
        await FirstKeyframeAsync(subscription.Frames);

        await camera.DisposeAsync();
        // The one place a port is bound again after release: a camera coming back is one at the
        // address the hub already pulls, so it has to be the same port. GStreamer's RTSP server
        // cannot take a bound socket from this process; it binds with SO_REUSEADDR, so only another
        // listener taking this very port in the moment between the two cameras could fail the start.
        await using var restarted = await GStreamerCamera.StartAsync(Bound(), port);

        await restarted.WaitForClientsAsync(1, Bound());
        await FirstKeyframeAsync(subscription.Frames, Bound());
        Assert.False(subscription.Ended.IsCompleted);
    }

    [Fact]
    public async Task DigestProtectedCamera_CredentialsFromUrl_Streams()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hub = CreateHub();
        var url = new UriBuilder(camera.DigestUrl()) { UserName = GStreamerCamera.User, Password = GStreamerCamera.Password }.Uri;

        await using var subscription = await hub.SubscribeAsync(Camera, [url], Settings(), Bound());

        Assert.True((await FirstKeyframeAsync(subscription.Frames)).IsKeyframe);
    }

    [Fact]
    public async Task HostileCamera_RefusedWithReason_HealthyCameraKeepsStreaming()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hostile = new Rtsp.ScriptedRtspServer(r =>
            $"RTSP/1.0 200 OK\r\nCSeq: {r.CSeq}\r\n" + string.Concat(Enumerable.Repeat("X-Padding: aaaaaaaa\r\n", 5000)));
        await using var hub = CreateHub();
        await using var healthy = await hub.SubscribeAsync(Camera, [camera.Url("/h264")], Settings(), Bound());
        await FirstKeyframeAsync(healthy.Frames);
        var before = hub.GetStatistics(Camera)!.FramesIn;

        var refused = await Assert.ThrowsAsync<StreamStartException>(() =>
            hub.SubscribeAsync(new CameraPath("app", "hostile"), [hostile.Url()], Settings(), Bound()).AsTask());

        Assert.Equal(StreamEndReasons.CameraUnreachable, refused.Reason);
        Assert.Equal(RtspFailureReasons.ProtocolError, refused.SourceReason);
        await FirstKeyframeAsync(healthy.Frames);
        Assert.True(hub.GetStatistics(Camera)!.FramesIn > before);
        Assert.False(healthy.Ended.IsCompleted);
        Assert.Equal(1, camera.Clients);
    }

    private static StreamSettings Settings() => InteropHub.Settings();

    private StreamHub CreateHub() => InteropHub.Create(Mode);

    /// <summary>Reads frames until the next video keyframe (the kept GOP starts with one).</summary>
    private static async Task<MediaFrame> FirstKeyframeAsync(ChannelReader<MediaFrame> frames, CancellationToken? cancellationToken = null)
    {
        var token = cancellationToken ?? Bound();
        while (true)
        {
            var frame = await frames.ReadAsync(token);
            if (frame.IsKeyframe && frame.Codec is MediaCodec.H264 or MediaCodec.H265)
            {
                return frame;
            }
        }
    }

    // Bounds each step so a hang fails the test; generous for a camera encoding on a busy 2-core machine, not a timing assertion.
    private static CancellationToken Bound(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
