using System.Text.Json;
using Microsoft.Playwright;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// A session's life as a viewer and a camera see it: real Chromium on the player page, through
/// the front door and the embedded origin, pulling a real GStreamer RTSP camera (320x240, 15 fps
/// H.264, a keyframe every 2 s) whose own count of RTSP clients is the witness for "no pull" and
/// "one pull". Each test has its own camera process(es) and gateway on loopback ports.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class SessionScenarioTests(ChromiumFixture chromium)
{
    /// <summary>The camera as the origin map sees it: <c>/demo</c> (anonymous links) maps to the camera's root, so this is its /h264 mount.</summary>
    private const string Camera = "demo/h264";

    /// <summary>Bounds the first frame: an on-demand RTSP pull, ICE, DTLS and the camera's next keyframe.</summary>
    private static readonly TimeSpan FirstFrameLimit = TimeSpan.FromSeconds(30);

    /// <summary>Bounds "keeps playing": a second's worth of frames (15) must follow within this.</summary>
    private static readonly TimeSpan ProgressLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PlayerPage_BadSignature_NoVideoNoCameraConnectionAndTheDenialIsAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        var query = WithForgedSignature(new Uri(gateway.SignedLink(Camera, suffix: "/whep")).Query);
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, PlayerUrl(gateway, Camera, query));

        await AssertRefusedAsync(gateway, camera, page, "signature_invalid");
        // The same camera plays for the genuine link: the refusal, not the set-up, kept it dark.
        await AssertControlPlaysAsync(gateway, camera, new Uri(gateway.SignedLink(Camera, suffix: "/whep")).Query);
    }

    [Fact]
    public async Task PlayerPage_CameraTheOperatorIsNotEntitledTo_NoVideoNoCameraConnectionAndTheDenialIsAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        // app/cam1 is the camera's /h264 mount; bob may watch app/cam2 only, alice app/cam1.
        await using var gateway = await GStreamerGateway.StartAsync([camera], extra: new Dictionary<string, string?>
        {
            ["OriginMap:Origins:1:Location"] = "/app/cam1",
            ["OriginMap:Origins:1:Scheme"] = "rtsp",
            ["OriginMap:Origins:1:Urls:0"] = $"127.0.0.1:{camera.Port}/h264",
        });
        var query = new Uri(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "bob")).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, PlayerUrl(gateway, "app/cam1", query));

        var record = await AssertRefusedAsync(gateway, camera, page, "not_entitled");
        Assert.Equal(("app", "cam1"), (record.GetProperty("app").GetString(), record.GetProperty("camera").GetString()));
        await AssertControlPlaysAsync(gateway, camera, new Uri(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).Query, "app/cam1");
    }

    [Fact]
    public async Task PlayerPage_StreamExpirePassesMidPlay_VideoStopsAndTheSessionClosesOnceAsDeadline()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera], webhook: true);
        // Whole milliseconds, as the signed policy carries them.
        // Far enough ahead that a cold start on a loaded CI machine still plays before it.
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds((DateTimeOffset.UtcNow + TimeSpan.FromSeconds(12)).ToUnixTimeMilliseconds());
        var query = new Uri(gateway.SignedLink(Camera, suffix: "/whep", streamExpire: deadline)).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, PlayerUrl(gateway, Camera, query));
        await page.EvaluateAsync(FirstPeerSamplerScript);

        var playing = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded >= 5, deadline - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1), "#video");
        Assert.True(playing.FramesDecoded >= 5, $"the video did not start a second before stream_expire, so its end cannot be observed: {playing}");
        var session = Assert.Single(gateway.Sessions.All).Id;

        // stream_expire is enforced within a second; the browser's last frames may still be in its
        // jitter buffer a moment longer. The margin is wide so a loaded machine cannot fail the
        // test on scheduling; from then on the count of decoded frames must stand still.
        var grace = TimeSpan.FromSeconds(3);
        await DelayUntilAsync(deadline + grace);
        var atDeadline = await FirstPeerFramesAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await FirstPeerFramesAsync(page);
        Assert.True(atDeadline >= playing.FramesDecoded, $"frames went backwards: {playing.FramesDecoded} then {atDeadline}");
        Assert.Equal(atDeadline, later);

        // The page sees the end: the origin's close_notify closes the browser's DTLS transport, the
        // page stops showing "Live" on that (not only once ICE consent fails, many seconds later),
        // asks again, and the gate refuses the expired link.
        await BrowserPages.WaitForStateAsync(page, "refused");
        Assert.Equal("stream_expired", (await BrowserPages.StatusAsync(page)).Reason);
        var events = await page.EvaluateAsync<string[]>("() => window.__firstPeerEvents");
        var playingAt = Array.IndexOf(events, "page:playing");
        var closed = Array.IndexOf(events, "dtls:closed");
        var left = Array.FindIndex(events, playingAt + 1, e => e.StartsWith("page:", StringComparison.Ordinal) && e != "page:playing");
        Assert.True(playingAt >= 0 && closed > playingAt && left > closed, $"the page did not leave playing on the DTLS close: {string.Join(", ", events)}");
        Assert.DoesNotContain(events[..left], e => e is "ice:disconnected" or "ice:failed");
        Assert.Equal(0, (await WebRtcProbe.ReadAsync(page, "#video")).FramesDecoded);

        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => gateway.Webhook.Closings.Any(c => c.Body.Contains(session, StringComparison.Ordinal))),
            "no closing webhook for the session");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => SessionEnds(gateway, session).Count > 0), "no session.end record");
        // Settle: a second ending (the origin's timer and the front door's sweep both fire) would show now.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var end = Assert.Single(SessionEnds(gateway, session));
        Assert.Equal("deadline", end.GetProperty("end_reason").GetString());
        Assert.Single(gateway.Webhook.Closings, c => c.Body.Contains(session, StringComparison.Ordinal));
        Assert.Empty(gateway.Sessions.All);
    }

    [Fact]
    public async Task TwoBrowsers_OneCamera_OneCameraConnectionAndTheFirstLeavingDoesNotDisturbTheSecond()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        await using var firstContext = await chromium.NewContextAsync();
        await using var secondContext = await chromium.NewContextAsync();

        var first = await BrowserPages.OpenAsync(firstContext, PlayerUrl(gateway, Camera, new Uri(gateway.SignedLink(Camera, suffix: "/whep")).Query));
        await AssertPlaysAsync(first);
        var second = await BrowserPages.OpenAsync(secondContext, PlayerUrl(gateway, Camera, new Uri(gateway.SignedLink(Camera, suffix: "/whep")).Query));
        await AssertPlaysAsync(second);

        Assert.Equal(2, gateway.Sessions.All.Count());
        Assert.Equal((1, 1), (camera.Clients, camera.Connections));

        var firstSession = gateway.Sessions.All.OrderBy(s => s.StartedAt).First().Id;
        await first.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        // The page's DELETE or its closed DTLS, whichever reaches the origin first: either way the viewer left, once.
        var firstEnd = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway, firstSession), "session.end record of the first page's session");
        Assert.Contains(firstEnd.GetProperty("end_reason").GetString(), (string[])["whep_delete", "hang_up"]);

        // After the first viewer is gone, the second keeps decoding on the same pull.
        var after = await WebRtcProbe.ReadAsync(second, "#video");
        var later = await WebRtcProbe.WaitForAsync(second, s => s.FramesDecoded >= after.FramesDecoded + 30, ProgressLimit, "#video");
        Assert.True(later.FramesDecoded >= after.FramesDecoded + 30, $"the second viewer stalled after the first left: {after} then {later}");
        Assert.Equal((1, "connected"), (later.PeerConnections, later.ConnectionState));
        Assert.Equal("playing", await second.EvaluateAsync<string>("() => document.body.dataset.state"));
        Assert.Single(gateway.Sessions.All);
        Assert.Equal((1, 1), (camera.Clients, camera.Connections));
    }

    [Fact]
    public async Task PlayerPage_CameraKilledWithASecondUrl_VideoResumesOnTheSamePeerConnection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var primary = await GStreamerCamera.StartAsync(timeout.Token);
        await using var backup = await GStreamerCamera.StartAsync(timeout.Token);
        // The killed camera's connection closes, which fails over at once; the no-input timeout
        // stays above the stalls a loaded machine has, so it does not fail over a second time.
        await using var gateway = await GStreamerGateway.StartAsync([primary, backup], extra: new Dictionary<string, string?>
        {
            ["OriginMap:NoInputFailoverTimeoutMs"] = "5000",
        });
        await using var context = await chromium.NewContextAsync();
        var page = await BrowserPages.OpenAsync(context, PlayerUrl(gateway, Camera, new Uri(gateway.SignedLink(Camera, suffix: "/whep")).Query));
        await AssertPlaysAsync(page);
        Assert.Equal((1, 0), (primary.Clients, backup.Clients));

        await primary.DisposeAsync();
        var killed = await WebRtcProbe.ReadAsync(page, "#video");

        await backup.WaitForClientsAsync(1, timeout.Token);
        // Two seconds' worth of frames more than when the camera died: the backup's pictures, not a burst of old ones.
        var resumed = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded >= killed.FramesDecoded + 30, FirstFrameLimit, "#video");
        Assert.True(resumed.FramesDecoded >= killed.FramesDecoded + 30, $"the video did not resume after failover: {killed} then {resumed}");
        Assert.Equal((320, 240), (resumed.FrameWidth, resumed.FrameHeight));
        // The same page and the same peer connection: nothing was reloaded or renegotiated.
        Assert.Equal((1, "connected"), (resumed.PeerConnections, resumed.ConnectionState));
        Assert.Equal("playing", await page.EvaluateAsync<string>("() => document.body.dataset.state"));
        Assert.Single(gateway.Sessions.All);
        Assert.Equal(1, backup.Connections);
    }

    // Records, in order, what the page shows (body data-state) and what its first peer connection
    // sees (ICE and DTLS transport states), and that connection's decoded frame count every 100 ms
    // until it is closed: the probe reads only open connections, and the player closes its own
    // when the session ends.
    private const string FirstPeerSamplerScript = """
        () => {
          const events = window.__firstPeerEvents = [];
          window.__firstPeerFrames = 0;
          new MutationObserver(() => events.push('page:' + document.body.dataset.state))
            .observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
          let iceWatched = false, dtlsWatched = false;
          const timer = setInterval(async () => {
            const pc = (window.__securestreamPeers ?? [])[0];
            if (!pc) return;
            if (!iceWatched) {
              iceWatched = true;
              pc.addEventListener('iceconnectionstatechange', () => events.push('ice:' + pc.iceConnectionState));
            }
            const dtls = pc.getReceivers()[0]?.transport;
            if (dtls && !dtlsWatched) {
              dtlsWatched = true;
              dtls.addEventListener('statechange', () => events.push('dtls:' + dtls.state));
            }
            if (pc.connectionState === 'closed') { clearInterval(timer); return; }
            try {
              const stats = await pc.getStats();
              stats.forEach((s) => {
                if (s.type === 'inbound-rtp' && s.kind === 'video') window.__firstPeerFrames = Math.max(window.__firstPeerFrames, s.framesDecoded ?? 0);
              });
            } catch { clearInterval(timer); }
          }, 100);
        }
        """;

    private static async Task DelayUntilAsync(DateTimeOffset when)
    {
        var wait = when - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static Task<long> FirstPeerFramesAsync(IPage page) => page.EvaluateAsync<long>("() => window.__firstPeerFrames");

    private static string PlayerUrl(GatewayUnderTest gateway, string camera, string query) =>
        $"http://127.0.0.1:{gateway.HttpPort}/play/{camera}{query}";

    /// <summary>
    /// The page shows the refusal and no video, the camera never saw a client (not even one that
    /// came and went), and the journal holds exactly one deny record with the reason.
    /// </summary>
    private static async Task<JsonElement> AssertRefusedAsync(GatewayUnderTest gateway, GStreamerCamera camera, IPage page, string reason)
    {
        await BrowserPages.WaitForStateAsync(page, "refused");
        Assert.Equal(reason, (await BrowserPages.StatusAsync(page)).Reason);

        // A refusal is final; whatever the page or the gateway might still do would show within this.
        for (var look = 0; look < 20; look++)
        {
            Assert.Equal((0, 0), (camera.Clients, camera.Connections));
            await Task.Delay(100);
        }

        Assert.False(await page.Locator("#video").IsVisibleAsync());
        var stats = await WebRtcProbe.ReadAsync(page, "#video");
        Assert.False(stats.HasSource);
        Assert.Equal((0L, 0, 0), (stats.FramesDecoded, stats.VideoWidth, stats.VideoHeight));
        Assert.Equal((0, 0), (camera.Clients, camera.Connections));
        Assert.Empty(gateway.Sessions.All);

        var record = Assert.Single(gateway.Decisions());
        Assert.Equal(("deny", reason), (record.GetProperty("decision").GetString(), record.GetProperty("reason").GetString()));
        return record;
    }

    /// <summary>A genuine link for the same camera, in a fresh context, plays and makes the camera's first connection.</summary>
    private async Task AssertControlPlaysAsync(GatewayUnderTest gateway, GStreamerCamera camera, string query, string cameraPath = Camera)
    {
        await using var context = await chromium.NewContextAsync();
        var page = await BrowserPages.OpenAsync(context, PlayerUrl(gateway, cameraPath, query));
        await AssertPlaysAsync(page);
        Assert.Equal((1, 1), (camera.Clients, camera.Connections));
    }

    /// <summary>Frames at the camera's 320x240 shown by the element, then a second's worth (15) more.</summary>
    private static async Task AssertPlaysAsync(IPage page)
    {
        var first = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded > 0 && s.VideoWidth == 320, FirstFrameLimit, "#video");
        Assert.True(first.FramesDecoded > 0, $"no frame decoded: {first}");
        Assert.Equal((320, 240), (first.FrameWidth, first.FrameHeight));
        Assert.Equal((320, 240), (first.VideoWidth, first.VideoHeight));
        var later = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded >= first.FramesDecoded + 15, ProgressLimit, "#video");
        Assert.True(later.FramesDecoded >= first.FramesDecoded + 15, $"decoding stalled: {first} then {later}");
    }

    private static List<JsonElement> SessionEnds(GatewayUnderTest gateway, string sessionId) =>
        gateway.AuditRecords()
            .Where(r => r.GetProperty("type").GetString() == "session.end" && r.GetProperty("session_id").GetString() == sessionId)
            .ToList();

    /// <summary>The same link with another valid-looking signature: its first character changed.</summary>
    private static string WithForgedSignature(string query)
    {
        var at = query.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length;
        var forged = query[at] == 'A' ? 'B' : 'A';
        return query[..at] + forged + query[(at + 1)..];
    }
}
