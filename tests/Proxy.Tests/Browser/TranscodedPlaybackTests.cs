using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// Every camera plays in Chromium (issue 10): AAC cameras (both RTP payload formats) arrive as
/// Opus carrying the camera's 440 Hz tone, H.265 cameras as H.264 at the camera's size, a
/// High-profile camera decodes, through our player page (the unmodified OvenPlayer:
/// <see cref="TranscodedOvenPlayerTests"/>).
/// Read from Chromium's own inbound-rtp stats (<see cref="InboundRtpProbe"/>).
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class TranscodedPlaybackTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData(GStreamerFeed.H264Aac)]
    [InlineData(GStreamerFeed.H264Latm)]
    public async Task PlayerPage_H264AacCamera_VideoAsIsAndAudioAsOpusCarryingTheTone(GStreamerFeed feed)
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        var page = await playback.OpenPlayerAsync(feed);

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
        await InboundRtpProbe.AssertSoundAsync(page, "audio/opus");
    }

    [Theory]
    [InlineData(GStreamerFeed.Aac)]
    [InlineData(GStreamerFeed.Latm)]
    public async Task PlayerPage_AudioOnlyAacCamera_OpusCarryingTheTone(GStreamerFeed feed)
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        var page = await playback.OpenPlayerAsync(feed);

        await InboundRtpProbe.AssertSoundAsync(page, "audio/opus");
    }

    [Theory]
    [InlineData(GStreamerFeed.H265)]
    [InlineData(GStreamerFeed.H264High)]
    public async Task PlayerPage_H265OrHighProfileCamera_DecodesAsH264AtTheCamerasSize(GStreamerFeed feed)
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        var page = await playback.OpenPlayerAsync(feed);

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
    }

    [Fact]
    public async Task PlayerPage_H265AacCamera_H264VideoAndOpusAudioCarryingTheTone()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);

        var page = await playback.OpenPlayerAsync(GStreamerFeed.H265Aac);

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
        await InboundRtpProbe.AssertSoundAsync(page, "audio/opus");
    }
}
