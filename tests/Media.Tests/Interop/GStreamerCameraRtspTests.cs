using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Tests.Rtsp;
using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Tests.Interop;

/// <summary>The RTSP client against GStreamer's RTSP server, software nobody here wrote.</summary>
public sealed class GStreamerCameraRtspTests
{
    // Bounds each test so a hang fails it; not a timing assertion.
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static Task<RtspSession> StartAsync(Uri url, IRtpReceiver receiver, RtspCredentials? credentials = null, RtspTransportMode transport = RtspTransportMode.Tcp) =>
        RtspSession.StartAsync(url, credentials, new RtspClientOptions { Transport = transport }, receiver, TimeProvider.System, NullLogger.Instance, Bound());

    [Theory]
    [InlineData("/h264", nameof(MediaCodec.H264), 96)]
    [InlineData("/h265", nameof(MediaCodec.H265), 96)]
    [InlineData("/audio", nameof(MediaCodec.Pcmu), 0)]
    public async Task Play_Mount_ReceivesRtp(string mount, string codecName, int payloadType)
    {
        var codec = Enum.Parse<MediaCodec>(codecName);
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(camera.Url(mount), receiver);

        var track = Assert.Single(session.Tracks);
        Assert.Equal(codec, track.Sdp.Codec);
        await receiver.FirstRtp(0).WaitAsync(Bound());
        Assert.Equal((byte)payloadType, receiver.FirstPayloadType);
        if (codec != MediaCodec.Pcmu)
        {
            Assert.NotEmpty(track.Sdp.ParameterSets);
        }
    }

    [Fact]
    public async Task Play_VideoAndAudio_ReceivesBothTracks()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(camera.Url("/av"), receiver);
        Assert.Equal([MediaCodec.H264, MediaCodec.Pcmu], session.Tracks.Select(t => t.Sdp.Codec));
        await Task.WhenAll(receiver.FirstRtp(0), receiver.FirstRtp(1)).WaitAsync(Bound());
    }

    [Fact]
    public async Task Play_Udp_ReceivesRtpOverUdp()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(camera.Url("/h264"), receiver, transport: RtspTransportMode.Udp);
        Assert.Equal(RtspTransportMode.Udp, session.Transport);
        await receiver.FirstRtp(0).WaitAsync(Bound());
    }

    [Fact]
    public async Task Play_DigestMountRightPassword_ReceivesRtp()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var receiver = new RecordingRtpReceiver();
        var credentials = new RtspCredentials(GStreamerCamera.User, SecretValue.FromText(GStreamerCamera.Password));
        await using var session = await StartAsync(camera.DigestUrl(), receiver, credentials);
        await receiver.FirstRtp(0).WaitAsync(Bound());
    }

    [Fact]
    public async Task Play_DigestMountPasswordInUrl_ReceivesRtp()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var receiver = new RecordingRtpReceiver();
        var url = new Uri($"rtsp://{GStreamerCamera.User}:{GStreamerCamera.Password}@127.0.0.1:{camera.DigestPort}/secure");
        await using var session = await StartAsync(url, receiver);
        await receiver.FirstRtp(0).WaitAsync(Bound());
    }

    [Fact]
    public async Task Play_DigestMountWrongPassword_RefusedAuthFailed()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var credentials = new RtspCredentials(GStreamerCamera.User, SecretValue.FromText("wrong"));
        var ex = await Assert.ThrowsAsync<CameraSourceException>(() => StartAsync(camera.DigestUrl(), new RecordingRtpReceiver(), credentials));
        Assert.Equal(RtspFailureReasons.AuthFailed, ex.Reason);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_DigestMountNoCredentials_RefusedAuthRequired()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        var ex = await Assert.ThrowsAsync<CameraSourceException>(() => StartAsync(camera.DigestUrl(), new RecordingRtpReceiver()));
        Assert.Equal(RtspFailureReasons.AuthRequired, ex.Reason);
    }

    [Fact]
    public async Task DisposeAsync_Playing_CameraCountsNoClientAfterTeardown()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        Assert.Equal(0, camera.Clients);
        var receiver = new RecordingRtpReceiver();
        var session = await StartAsync(camera.Url("/h264"), receiver);
        await receiver.FirstRtp(0).WaitAsync(Bound());
        await camera.WaitForClientsAsync(1, Bound());

        await session.DisposeAsync();
        await camera.WaitForClientsAsync(0, Bound());
    }
}
