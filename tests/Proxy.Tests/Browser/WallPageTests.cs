using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>The demo wall in real Chromium against the real front door.</summary>
[Collection(ChromiumTests.Name)]
public sealed class WallPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task WallPage_DemoCamerasEnabled_OpensATileForEveryDemoCameraThroughTheGate()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["DemoCameras:Enabled"] = "true",
            ["DemoCameras:Port"] = "0",
        });
        // An origin slow to end a session: a retry sent beside its DELETE would reach the gate first.
        gateway.Origin.DeleteDelay = TimeSpan.FromMilliseconds(500);
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/");
        await BrowserPages.WaitForStateAsync(page, "ready");

        var cameras = await page.Locator(".tile").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.camera)");
        Assert.Equal(["demo/gate", "demo/lobby", "demo/lobby-gop4", "demo/yard"], cameras.Order(StringComparer.Ordinal));
        // Each tile's signed link was admitted by the gate and its offer reached the origin.
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => cameras.All(camera =>
            gateway.Origin.Hits.Any(h => h.TicketAccepted && h.Method == "POST" && h.Path == $"/{camera}/whep"))));

        // This origin's answer is no usable SDP, so every tile tries again (at once, then after a
        // backoff). Each retry's offer waits for the previous session's DELETE: four tiles from one
        // address fill the anonymous per-source share, and an offer beside a session not yet ended
        // would be refused as one viewer too many.
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => cameras.All(camera => OriginRequests(gateway, camera).Count(m => m == "POST") >= 3), timeoutMs: 30_000),
            "retries: " + string.Join(", ", cameras.Select(camera => camera + "=" + string.Join(' ', OriginRequests(gateway, camera)))));
        foreach (var camera in cameras)
        {
            var requests = OriginRequests(gateway, camera);
            var attempts = requests.Count(m => m == "POST");
            Assert.Equal(
                string.Join(' ', Enumerable.Repeat("POST DELETE", attempts - 1)) + " POST",
                string.Join(' ', requests.Take((2 * attempts) - 1)));
        }

        Assert.DoesNotContain(gateway.Decisions(), record => record.GetProperty("decision").GetString() == "deny");
    }

    /// <summary>The WHEP requests the origin received for <paramref name="camera"/>, in order: offers (POST) and ends (DELETE).</summary>
    private static List<string> OriginRequests(GatewayUnderTest gateway, string camera) => gateway.Origin.Hits
        .Where(h => h.Path.StartsWith($"/{camera}/whep", StringComparison.Ordinal) && h.Method is "POST" or "DELETE")
        .Select(h => h.Method)
        .ToList();

    [Fact]
    public async Task WallPage_TilesPlayTheSubstream_RenditionSubSignedIntoEveryLink()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var offers = new System.Collections.Concurrent.ConcurrentBag<Uri>();
        context.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/whep", StringComparison.Ordinal))
            {
                offers.Add(new Uri(request.Url));
            }
        };

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/");
        await BrowserPages.WaitForStateAsync(page, "ready");
        var allPlaying = "() => [...document.querySelectorAll('.tile')].every(t => t.dataset.state === 'playing')";
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(async () => await page.EvaluateAsync<bool>(allPlaying), timeoutMs: 60_000),
            "tiles: " + string.Join(", ", await page.Locator(".tile").EvaluateAllAsync<string[]>(
                "tiles => tiles.map(t => t.dataset.camera + '=' + t.dataset.state + ':' + t.querySelector('.status').textContent)")));

        // Every tile asked for the substream, and each session is recorded as playing it.
        Assert.NotEmpty(offers);
        Assert.All(offers, offer => Assert.StartsWith("?rendition=sub&", offer.Query, StringComparison.Ordinal));
        var starts = gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.start").ToList();
        Assert.Equal(4, starts.Select(r => r.GetProperty("camera").GetString()).Distinct().Count());
        Assert.All(starts, r => Assert.Equal("sub", r.GetProperty("rendition").GetString()));
    }

    [Fact]
    public async Task WallPage_DemoCamerasDisabled_SaysTheWallIsOff()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/");
        await BrowserPages.WaitForStateAsync(page, "unavailable");

        Assert.Contains("demo cameras are not enabled", (await BrowserPages.StatusAsync(page)).Text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".tile").CountAsync());
    }
}
