using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The unmodified OvenPlayer (the OME WebSocket path: we offer first) on cameras Chromium does not
/// take as they are: our offer lists the camera's codec and then the transcoded one, Chromium's
/// answer keeps what it decodes, and what it decodes is what it gets (docs/playback.md, Codecs).
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class TranscodedOvenPlayerTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData(GStreamerFeed.H264Aac)]
    [InlineData(GStreamerFeed.H264Latm)]
    [InlineData(GStreamerFeed.H265Aac)] // Chromium here has no H.265 decoder: its answer keeps only the transcoded H.264
    public async Task OvenPlayer_AacCamera_H264AtTheCamerasSizeAndOpusCarryingItsTone(GStreamerFeed feed)
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        await using var player = await playback.OpenOvenPlayerAsync(feed);

        await InboundRtpProbe.AssertVideoAsync(player.Page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
        await InboundRtpProbe.AssertSoundAsync(player.Page, "audio/opus");
        Assert.Equal("playing", await player.StateAsync());
    }
}
