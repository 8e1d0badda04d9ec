using Microsoft.Playwright;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// Real playback: Chromium, the front door, the embedded origin and a demo camera (640x360,
/// 25 fps H.264), all in this process and browser. Video counts as playing when frames keep
/// being decoded at the clip's size and the video element shows that size.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class PlaybackTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task PlayerPage_DemoCamera_FramesKeepDecodingAtTheClipsSize()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");

        await AssertPlaysClipAsync(page, "#video");
        Assert.Equal("Live", (await BrowserPages.StatusAsync(page)).Text);
        Assert.Equal("playing", await page.EvaluateAsync<string>("() => document.body.dataset.state"));
    }

    [Fact]
    public async Task PlayerPage_ClosedTab_EndsItsSessionAtOnce()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/gate", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();
        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/gate{query}");
        await AssertPlaysClipAsync(page, "#video");
        Assert.Single(gateway.Sessions.All);

        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });

        // pagehide sends DELETE with keepalive and closes the peer connection (DTLS close_notify)
        // at the same moment; whichever reaches the origin first is the recorded cause. Either
        // way the viewer ended it at once, once, and not by a timeout (consent_lost).
        var end = await ExactlyOnce.SingleAsync(() => gateway.AuditRecords().Where(IsSessionEnd), "session.end record");
        Assert.Contains(end.GetProperty("end_reason").GetString(), (string[])["whep_delete", "hang_up"]);
        Assert.Empty(gateway.Sessions.All);
    }

    [Fact]
    public async Task WallPage_DemoCameras_EveryTilePlays()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/");
        await BrowserPages.WaitForStateAsync(page, "ready");

        var cameras = await page.Locator(".tile").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.camera)");
        Assert.Equal(4, cameras.Length);
        foreach (var camera in cameras)
        {
            var tile = page.Locator($".tile[data-camera='{camera}']");
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "playing", new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)ClipPlayback.FirstFrameLimit.TotalMilliseconds });
            var size = await tile.Locator("video").EvaluateAsync<int[]>("v => [v.videoWidth, v.videoHeight]");
            Assert.Equal([640, 360], size);
        }
    }

    [Fact]
    public async Task OvenPlayer_DemoCameraOverOmeWebSocket_FramesKeepDecodingAtTheClipsSize()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var link = gateway.SignedLink("demo/yard", scheme: "ws");
        await using var context = await chromium.NewContextAsync();

        await using var player = await OvenPlayerPage.OpenAsync(context, link);

        await AssertPlaysClipAsync(player.Page, "video");
        Assert.Equal("playing", await player.StateAsync());
    }

    /// <summary>The origin offers UDP and Chromium on loopback has no reason to fall back to ICE-TCP.</summary>
    private static Task AssertPlaysClipAsync(IPage page, string videoSelector) => ClipPlayback.AssertPlaysAsync(page, videoSelector, "udp");

    private static bool IsSessionEnd(System.Text.Json.JsonElement record) => record.GetProperty("type").GetString() == "session.end";
}
