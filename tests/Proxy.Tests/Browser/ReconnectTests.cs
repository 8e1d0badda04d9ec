using Microsoft.Playwright;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The player page recovers from a blip by itself, with the same link: an offer lost to the
/// network, a 503 from the front door, a connection that fails after playing.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class ReconnectTests(ChromiumFixture chromium)
{
    private static readonly TimeSpan PlayLimit = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task PlayerPage_OfferLostToANetworkError_RetriesWithTheSameLinkAndPlays()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var offers = new List<string>();
        await page.RouteAsync(url => url.Contains("/demo/lobby/whep?", StringComparison.Ordinal), route =>
        {
            lock (offers)
            {
                offers.Add(route.Request.Url);
            }

            // The first offer never leaves the browser: a connection reset, as on a dropped network.
            return offers.Count == 1 ? route.AbortAsync("connectionreset") : route.ContinueAsync();
        });

        await page.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");
        await WaitForPlayingAsync(page);

        Assert.True(offers.Count >= 2);
        Assert.All(offers, url => Assert.EndsWith("/demo/lobby/whep" + query, url, StringComparison.Ordinal));
        Assert.Equal(["connecting", "retrying", "connecting", "playing"], (await BrowserPages.StateHistoryAsync(page)).Take(4));
        // Only offers that reached the gateway were judged: the lost one left no record.
        Assert.Single(gateway.Decisions());
    }

    [Fact]
    public async Task PlayerPage_OfferAnswered503_ShowsWhyRetriesAndPlays()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/gate", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var answered503 = 0;
        await page.RouteAsync(url => url.Contains("/demo/gate/whep?", StringComparison.Ordinal), route =>
            Interlocked.Increment(ref answered503) == 1
                ? route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 503,
                    ContentType = "application/problem+json",
                    Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
                    Body = """{"type":"https://securestream.dev/reasons/origin_unavailable","title":"Temporarily unavailable","status":503,"reason":"origin_unavailable"}""",
                })
                : route.ContinueAsync());

        await page.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/play/demo/gate{query}");
        await WaitForPlayingAsync(page);

        var history = await BrowserPages.StateHistoryAsync(page);
        Assert.Equal(["connecting", "retrying", "connecting", "playing"], history.Take(4));
        Assert.DoesNotContain("refused", history);
    }

    [Fact]
    public async Task PlayerPage_ConnectionFailsWhilePlaying_GivesTheSessionBackAndPlaysOnANewOne()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/yard", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();
        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/yard{query}");
        await WaitForPlayingAsync(page);

        // What Chromium reports when ICE consent fails (the network went away): the peer
        // connection's state becomes "failed". Made to happen here, since loopback never fails.
        await page.EvaluateAsync("""
            () => {
              const pc = window.__securestreamPeers.at(-1);
              Object.defineProperty(pc, 'connectionState', { get: () => 'failed' });
              pc.dispatchEvent(new Event('connectionstatechange'));
            }
            """);

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => SessionStarts(gateway) == 2, (int)PlayLimit.TotalMilliseconds));
        await WaitForPlayingAsync(page, afterStates: 4);
        var ended = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end"), "session.end record");
        Assert.Equal("whep_delete", ended.GetProperty("end_reason").GetString());
        var stats = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded > 0 && s.VideoWidth == 640, PlayLimit, "#video");
        Assert.Equal((640, 360), (stats.FrameWidth, stats.FrameHeight));
        Assert.Equal(2, stats.PeerConnections);
    }

    private static int SessionStarts(GatewayUnderTest gateway) =>
        gateway.AuditRecords().Count(r => r.GetProperty("type").GetString() == "session.start");

    /// <summary>Waits until the page's state history has reached "playing" again after <paramref name="afterStates"/> states.</summary>
    private static async Task WaitForPlayingAsync(IPage page, int afterStates = 0)
    {
        await page.WaitForFunctionAsync(
            "(n) => window.__securestreamStates.slice(n).includes('playing')",
            afterStates,
            new PageWaitForFunctionOptions { Timeout = (float)PlayLimit.TotalMilliseconds });
    }
}
