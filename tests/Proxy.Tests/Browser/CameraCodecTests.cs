using Microsoft.Playwright;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        await using var context = await chromium.NewContextAsync();

        var page = await OpenPlayerAsync(gateway, context, "demo/" + GStreamerFeed.H264ConstrainedBaseline.StreamName());

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
    }

    [Fact]
    public async Task PlayerPage_PcmuCamera_AudioCarriesTheCamerasSound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        await using var context = await chromium.NewContextAsync();

        // The /av mount: 320x240 H.264 and PCMU ticks, passed through as they are.
        var page = await OpenPlayerAsync(gateway, context, "demo/av");

        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", 320, 240);
        await InboundRtpProbe.AssertSoundAsync(page, "audio/PCMU");
    }

    [Fact]
    public async Task OvenPlayer_PcmuCamera_H264VideoAndAudioCarryingTheCamerasSound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        await using var context = await chromium.NewContextAsync();

        await using var player = await OvenPlayerPage.OpenAsync(context, gateway.SignedLink("demo/av", scheme: "ws"));

        await InboundRtpProbe.AssertVideoAsync(player.Page, "video/H264", 320, 240);
        await InboundRtpProbe.AssertSoundAsync(player.Page, "audio/PCMU");
        Assert.Equal("playing", await player.StateAsync());
    }

    internal static Task<IPage> OpenPlayerAsync(GatewayUnderTest gateway, IBrowserContext context, string camera)
    {
        var query = new Uri(gateway.SignedLink(camera, suffix: "/whep")).Query;
        return BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/{camera}{query}");
    }
}
