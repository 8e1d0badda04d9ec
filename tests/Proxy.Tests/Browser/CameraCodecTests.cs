using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// What Chromium really decodes from real GStreamer cameras through the front door and the
/// embedded origin, read from its inbound-rtp stats (<see cref="InboundRtpProbe"/>): the video
/// codec and size, and audio that carries the camera's sound.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class CameraCodecTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task PlayerPage_ConstrainedBaselineCamera_DecodesAsH264AtTheCamerasSize()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        var page = await playback.OpenPlayerAsync(GStreamerFeed.H264ConstrainedBaseline);

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
    }

    [Fact]
    public async Task PlayerPage_PcmuCamera_AudioCarriesTheCamerasSound()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        // The /av mount: 320x240 H.264 and PCMU ticks, passed through as they are.
        var page = await playback.OpenPlayerAsync("av");

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", 320, 240);
        await InboundRtpProbe.AssertSoundAsync(page, "audio/PCMU");
    }

    [Fact]
    public async Task OvenPlayer_PcmuCamera_H264VideoAndAudioCarryingTheCamerasSound()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        await using var player = await playback.OpenOvenPlayerAsync("av");

        await InboundRtpProbe.AssertVideoAsync(player.Page, "video/H264", 320, 240);
        await InboundRtpProbe.AssertSoundAsync(player.Page, "audio/PCMU");
        Assert.Equal("playing", await player.StateAsync());
    }
}
