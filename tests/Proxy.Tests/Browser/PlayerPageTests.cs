using Microsoft.Playwright;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>The player page in real Chromium against the real front door (and, for now, the recording origin).</summary>
[Collection(ChromiumTests.Name)]
public sealed class PlayerPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task PlayerPage_BadSignature_ShowsRefusalNoVideoAndTheDenialIsAudited()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var query = ForgedLink.WithForgedSignature(new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query);
        var before = GateProbe.Mark(gateway);
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");
        await BrowserPages.WaitForStateAsync(page, "refused");

        var (text, reason) = await BrowserPages.StatusAsync(page);
        Assert.Equal("signature_invalid", reason);
        Assert.Contains("signature does not match", text, StringComparison.Ordinal);
        await AssertNoVideoAsync(page);
        GateProbe.AssertOneDenyRecord(gateway, before, "signature_invalid");
    }

    [Fact]
    public async Task PlayerPage_CameraTheOperatorIsNotEntitledTo_ShowsRefusalAndTheDenialIsAudited()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        // bob may watch app/cam2 only.
        var query = new Uri(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "bob")).Query;
        var before = GateProbe.Mark(gateway);
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/app/cam1{query}");
        await BrowserPages.WaitForStateAsync(page, "refused");

        var (text, reason) = await BrowserPages.StatusAsync(page);
        Assert.Equal("not_entitled", reason);
        Assert.Contains("not allowed to view this camera", text, StringComparison.Ordinal);
        await AssertNoVideoAsync(page);
        var record = GateProbe.AssertOneDenyRecord(gateway, before, "not_entitled");
        Assert.Equal(("app", "cam1"), (record.GetProperty("app").GetString(), record.GetProperty("camera").GetString()));
    }

    [Fact]
    public async Task PlayerPage_TokenInFragment_IsSentAsBearerAndRemovedFromTheAddressBar()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var store = (PolicyStore)gateway.Services.GetService(typeof(PolicyStore))!;
        Assert.True(new TokenLinkIssuer(TimeProvider.System).TryIssue(
            store.Current.Tokens, GatewayUnderTest.JwtKeyId,
            new TokenIssueRequest("bob", ["app/cam2"], TimeSpan.FromMinutes(5)) { Issuer = GatewayUnderTest.Issuer },
            out var token, out var error), error);
        var before = GateProbe.Mark(gateway);
        await using var context = await chromium.NewContextAsync();

        // A token for app/cam2 on app/cam1's page: refused for the camera, which shows the
        // token was read and judged (without it the refusal would be credential_missing).
        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/app/cam1#token={token}");
        await BrowserPages.WaitForStateAsync(page, "refused");

        Assert.Equal("not_entitled", (await BrowserPages.StatusAsync(page)).Reason);
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        GateProbe.AssertOneDenyRecord(gateway, before, "not_entitled");
    }

    [Fact]
    public async Task PlayerPage_NoCredential_SaysSoAndDoesNotRetry()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var before = GateProbe.Mark(gateway);
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby");
        await BrowserPages.WaitForStateAsync(page, "refused");

        Assert.Equal("credential_missing", (await BrowserPages.StatusAsync(page)).Reason);
        // A refusal is final: the page's one POST is the only decision, however long it stays open.
        await page.WaitForTimeoutAsync(2500);
        GateProbe.AssertOneDenyRecord(gateway, before, "credential_missing");
    }

    [Fact]
    public async Task PlayerPage_AdmittedLink_PostsTheOfferThroughTheGateAndDeletesTheResourceItGave()
    {
        // The recording origin admits the offer but answers an SDP no browser can use, so the
        // page gives the session back (DELETE) and tries again: both must pass through the gate.
        await using var gateway = await GatewayUnderTest.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");

        Assert.True(await GatewayUnderTest.EventuallyAsync(() =>
            gateway.Origin.Hits.Any(h => h.TicketAccepted && h.Method == "POST" && h.Path == "/demo/lobby/whep")
            && gateway.Origin.Hits.Any(h => h.TicketAccepted && h.Method == "DELETE" && h.Path.StartsWith("/demo/lobby/whep/", StringComparison.Ordinal))));
        var post = gateway.Origin.Hits.First(h => h.Method == "POST");
        Assert.Equal("application/sdp", post.Headers["Content-Type"]);
        Assert.DoesNotContain("signature=", post.Query, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.__securestreamStates.includes('retrying')");
        Assert.DoesNotContain("refused", await BrowserPages.StateHistoryAsync(page));
    }

    private static async Task AssertNoVideoAsync(IPage page)
    {
        Assert.False(await page.Locator("#video").IsVisibleAsync());
        var stats = await WebRtcProbe.ReadAsync(page, "#video");
        Assert.False(stats.HasSource);
        Assert.Equal((0, 0), (stats.VideoWidth, stats.VideoHeight));
        Assert.Equal(0, stats.FramesDecoded);
    }
}
