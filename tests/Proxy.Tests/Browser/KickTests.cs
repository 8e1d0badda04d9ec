using System.Net;
using Microsoft.Playwright;
using SecureStream.Media.Origin;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// A kick through the management API ends a playing session's media on the origin, not only its
/// record at the front door: the browser's frames stop, the session is closed exactly once (one
/// closing webhook, one session.end with end_reason kicked), and the player's reconnect with the
/// same link is refused.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class KickTests(ChromiumFixture chromium)
{
    private static readonly TimeSpan FirstFrameLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Kick_PlayingWhepSession_MediaStopsAndOneClosing()
    {
        await using var gateway = await DemoCameraGateway.StartAsync(webhook: true);
        var query = new Uri(gateway.SignedLink("demo/dock", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();
        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/dock{query}");
        var playing = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded > 0, FirstFrameLimit, "#video");
        Assert.True(playing.FramesDecoded > 0, $"no frame decoded: {playing}");
        var session = Assert.Single(gateway.Sessions.All);
        var viewers = (OriginViewers)gateway.Services.GetService(typeof(OriginViewers))!;
        Assert.Equal(1, viewers.Count);

        using var kicked = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id);

        Assert.True(kicked.IsSuccessStatusCode, $"kick answered {(int)kicked.StatusCode}");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewers.Count == 0), "the origin kept the kicked session's media");
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
        var end = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end"), "session.end record");
        Assert.Equal("kicked", end.GetProperty("end_reason").GetString());
        Assert.True(end.GetProperty("bytes_sent").GetInt64() > 0, "the origin's byte count did not reach the record");
        var stopped = await FramesStopAsync(page);
        Assert.True(stopped, "frames kept decoding after the kick");

        // The player reconnects when its media ends, but the kick sticks: the same link is refused.
        await BrowserPages.WaitForStateAsync(page, "refused");
        Assert.Equal("credential_kicked", (await BrowserPages.StatusAsync(page)).Reason);
        Assert.Equal(0, viewers.Count);
        Assert.Single(gateway.Webhook.Closings);
        Assert.Contains(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "access.decision" && r.GetProperty("reason").GetString() == "credential_kicked");
        using var again = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    /// <summary>True once two reads a second apart show the same frame count (bounded: 15 s).</summary>
    private static async Task<bool> FramesStopAsync(IPage page)
    {
        var previous = await WebRtcProbe.ReadAsync(page, "#video");
        for (var i = 0; i < 15; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var current = await WebRtcProbe.ReadAsync(page, "#video");
            if (current.FramesDecoded == previous.FramesDecoded)
            {
                return true;
            }

            previous = current;
        }

        return false;
    }
}
