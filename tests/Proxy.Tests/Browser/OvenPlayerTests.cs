using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>The unmodified OvenPlayer npm build against the front door's OME WebSocket signalling (docs/playback.md).</summary>
[Collection(ChromiumTests.Name)]
public sealed class OvenPlayerTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task OvenPlayer_BadSignature_EndsInErrorAndTheDenialIsAudited()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var forged = ForgedLink.WithForgedSignature(gateway.SignedLink("demo/lobby", scheme: "ws"));
        var before = GateProbe.Mark(gateway);
        await using var context = await chromium.NewContextAsync();

        await using var player = await OvenPlayerPage.OpenAsync(context, forged);
        await player.Page.WaitForFunctionAsync("() => window.__oven.getState() === 'error'");

        Assert.NotEmpty(await player.ErrorsAsync());
        Assert.False((await WebRtcProbe.ReadAsync(player.Page)).HasSource);
        GateProbe.AssertOneDenyRecord(gateway, before, "signature_invalid");
    }
}
