using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Cameras whose codecs a WebRTC viewer does not take, through the whole chain: a real GStreamer
/// camera, the front door with a signed link, the embedded origin with its boxed ffmpeg, and our
/// viewer (which offers H.264 and Opus/PCMU, never H.265 or AAC) decrypting SRTP and parsing every
/// H.264 NAL unit. AAC arrives as Opus; H.265 as H.264 at the camera's size.
/// </summary>
public sealed class TranscodedPlaybackTests
{
    [Theory]
    [InlineData(GStreamerFeed.H264Aac)]
    [InlineData(GStreamerFeed.H265Aac)]
    [InlineData(GStreamerFeed.H264Latm)]
    public async Task SignedLink_CameraWithAac_ViewerGetsH264AndOpus(GStreamerFeed feed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        var link = new Uri(gateway.SignedLink("demo/" + feed.StreamName(), suffix: "/whep"));
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, link));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe, timeoutMs: 60_000), $"no keyframe arrived ({viewer.Phase})");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 300, timeoutMs: 60_000), "the stream stalled");
        // The audio transcoder starts with the session; its first Opus frames may follow the video's.
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.AudioPackets > 50, timeoutMs: 60_000), "no Opus arrived");
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal((GStreamerFeeds.Width, GStreamerFeeds.Height), result.PictureSize);
        Assert.Equal(0, result.BadNalUnits);
        Assert.Equal(0, result.SrtpFailures);
        Assert.Equal("opus", result.AudioCodec);
        Assert.True(result.AudioPackets > 0, "no Opus packet arrived");

        // The transcoders share the viewer's pull: one RTSP session to the camera.
        Assert.Equal(1, camera.Connections);
    }
}
