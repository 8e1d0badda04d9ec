using Microsoft.Playwright;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The demo wall's posters in real Chromium (docs/snapshots.md, "The wall"): each tile shows its
/// camera's snapshot, fetched through the gate with its own signed link under the page's strict
/// CSP, and then plays; the posters never cost a tile its video.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class WallPosterTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task WallPage_DemoCameras_EachTileShowsItsSnapshotAsPoster_ThenPlays()
    {
        await using var gateway = await DemoCameraGateway.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var violations = new List<string>();

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/");
        await BrowserPages.WaitForStateAsync(page, "ready");

        var cameras = await page.Locator(".tile").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.camera)");
        Assert.Equal(4, cameras.Length);
        foreach (var camera in cameras)
        {
            var tile = page.Locator($".tile[data-camera='{camera}']");
            // Four cold snapshots share two decoder slots; on a busy machine a decode may take its
            // whole Snapshots:DecodeTimeoutMs × 4 (docs/snapshots.md): a bound, not a timing assertion.
            await Assertions.Expect(tile.Locator("video")).ToHaveAttributeAsync("poster", new System.Text.RegularExpressions.Regex("^blob:"), new LocatorAssertionsToHaveAttributeOptions { Timeout = 90_000 });
            // The poster decodes as an image under the page's CSP, at the clip's size.
            var size = await tile.Locator("video").EvaluateAsync<int[]>(
                "v => new Promise((resolve, reject) => { const i = new Image(); i.onload = () => resolve([i.naturalWidth, i.naturalHeight]); i.onerror = reject; i.src = v.poster; })");
            Assert.Equal([640, 360], size);
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "playing", new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)ClipPlayback.FirstFrameLimit.TotalMilliseconds });
        }

        var snapshots = gateway.Decisions().Where(d => d.GetProperty("protocol").GetString() == "snapshot").ToList();
        Assert.Equal(cameras.Order(StringComparer.Ordinal), snapshots.Select(d => d.GetProperty("app").GetString() + "/" + d.GetProperty("camera").GetString()).Order(StringComparer.Ordinal));
        Assert.All(snapshots, d => Assert.Equal("allow", d.GetProperty("decision").GetString()));
        Assert.DoesNotContain(gateway.Decisions(), d => d.GetProperty("decision").GetString() == "deny");
        Assert.Empty(violations);
    }
}
