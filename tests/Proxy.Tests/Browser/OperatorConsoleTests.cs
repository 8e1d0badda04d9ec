using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The operator console (/console on the management listener) in real Chromium, against the real
/// gateway in front of a real GStreamer camera, with the real webhook receiver and a named
/// administrator: refused without the right token; a playing viewer's session appears; a kick
/// from the console stops the viewer's video with one closing webhook and one audit record
/// naming the administrator; the audit search finds that record with the chain verified; a link
/// minted in the console plays. At a phone's width and at a desktop's.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed partial class OperatorConsoleTests(ChromiumFixture chromium)
{
    /// <summary>
    /// The camera's /h264 mount, named by an exact origin map Location so the registry lists it
    /// (the console's camera list, and so the mint form's choice, are the cameras the registry lists).
    /// </summary>
    private const string Camera = "site/door";

    /// <summary>The named administrator the console logs in as (Management:Administrators).</summary>
    private const string Administrator = "dana";

    /// <summary>An operator the policy lets watch the camera, for the viewer's link and the minted one.</summary>
    private const string Viewer = "carol";

    private static readonly TimeSpan FirstFrameLimit = TimeSpan.FromSeconds(30);

    /// <summary>Each width also mints the other kind of credential: a token on the phone, a signed link on the desktop.</summary>
    public static TheoryData<string, int, int, string> Widths => new()
    {
        { "phone", 390, 844, "token" },
        { "desktop", 1280, 800, "signed" },
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Console_LogInKickSearchAndMint_WorksInChromium(string device, int width, int height, string kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var adminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var tokenFile = Path.Combine(Path.GetTempPath(), $"securestream-console-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(tokenFile, adminToken, timeout.Token);
        try
        {
            await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
            await using var gateway = await GStreamerGateway.StartAsync([camera], webhook: true, extra: new Dictionary<string, string?>
            {
                ["OriginMap:Origins:1:Location"] = "/" + Camera,
                ["OriginMap:Origins:1:Scheme"] = "rtsp",
                ["OriginMap:Origins:1:Urls:0"] = $"127.0.0.1:{camera.Port}/h264",
                ["Management:Administrators:0:Name"] = Administrator,
                ["Management:Administrators:0:AccessToken"] = "file:" + tokenFile,
            }, policySections: policy => policy["operators"] = new object[]
            {
                new { id = "alice", groups = new[] { "lobby" }, cameras = new[] { "app/cam1" }, maxSessions = 3 },
                new { id = "bob", cameras = new[] { "app/cam2" } },
                new { id = Viewer, cameras = new[] { Camera }, maxSessions = 5 },
            });
            await using var context = await chromium.NewContextAsync();
            var console = await context.NewPageAsync();
            await console.SetViewportSizeAsync(width, height);
            await console.GotoAsync($"http://127.0.0.1:{gateway.ManagementPort}/console");

            await AssertRefusedWithoutTheTokenAsync(gateway, console);
            await LogInAsync(console, adminToken);
            await AssertDenialShownAsync(gateway, console);
            var sessionId = await WatchAndKickAsync(gateway, context, console);
            await SearchTheAuditAsync(console, sessionId);
            await MintAndPlayAsync(context, console, kind);
            Assert.True(await FitsTheWidthAsync(console), $"the console scrolls sideways at the {device}'s width ({width} px)");

            await console.ClickAsync("#logout");
            await BrowserPages.WaitForStateAsync(console, "login");
            Assert.Null(await console.EvaluateAsync<string?>("() => sessionStorage.getItem('securestream.console.token')"));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    /// <summary>The page loads without a token, but its data does not: no call answers without one, and a wrong one is refused.</summary>
    private static async Task AssertRefusedWithoutTheTokenAsync(GatewayUnderTest gateway, IPage console)
    {
        await BrowserPages.WaitForStateAsync(console, "login");
        Assert.False(await console.Locator("#dashboard").IsVisibleAsync());
        foreach (var path in new[] { "/v1/sessions", "/v1/console/cameras", "/v1/console/denials?minutes=60", "/v1/audit/search?operator=dana" })
        {
            var status = await console.EvaluateAsync<int>("async (path) => (await fetch(path, { credentials: 'omit' })).status", path);
            Assert.True(status == 401, $"{path} answered {status} without a token");
        }

        using var anonymous = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}/v1/sessions"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        await console.FillAsync("#token", "not-the-administrators-token-0123");
        await console.ClickAsync("#login-form button[type=submit]");
        await BrowserPages.WaitForStateAsync(console, "refused");
        Assert.Contains("refused", await console.Locator("#login-status").TextContentAsync() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.False(await console.Locator("#dashboard").IsVisibleAsync());
        Assert.Null(await console.EvaluateAsync<string?>("() => sessionStorage.getItem('securestream.console.token')"));
    }

    /// <summary>A forged link is refused at the gate; the console's denials show its reason.</summary>
    private static async Task AssertDenialShownAsync(GatewayUnderTest gateway, IPage console)
    {
        var forged = ForgedLink.WithForgedSignature(gateway.SignedLink(Camera, suffix: "/whep", subject: Viewer));
        using var refused = await GateProbe.OfferAsync(gateway, forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var reason = console.Locator("#denial-reasons tr[data-reason=\"signature_invalid\"]");
        await reason.WaitForAsync();
        Assert.Equal("1", (await reason.Locator("td[data-label=\"Count\"]").InnerTextAsync()).Trim());
        Assert.Contains("signature_invalid", await console.Locator("#denial-recent tbody").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task LogInAsync(IPage console, string adminToken)
    {
        await console.FillAsync("#token", adminToken);
        await console.ClickAsync("#login-form button[type=submit]");
        await BrowserPages.WaitForStateAsync(console, "ready");
        Assert.True(await console.Locator("#dashboard").IsVisibleAsync(), "the dashboard is hidden after logging in");
        Assert.False(await console.Locator("#login").IsVisibleAsync(), "the login form stays after logging in");
        // Nobody watches yet: the first refresh says so.
        Assert.Contains("No one is watching", await console.Locator("#sessions-table tr.empty").InnerTextAsync(), StringComparison.Ordinal);
        // The token is kept in the tab's sessionStorage only: never a cookie.
        Assert.Equal(adminToken, await console.EvaluateAsync<string?>("() => sessionStorage.getItem('securestream.console.token')"));
        Assert.Empty(await console.Context.CookiesAsync());
    }

    /// <summary>A viewer plays; its row appears; Kick (confirmed) stops its video, once, under the administrator's name.</summary>
    private static async Task<string> WatchAndKickAsync(GatewayUnderTest gateway, IBrowserContext context, IPage console)
    {
        var query = new Uri(gateway.SignedLink(Camera, suffix: "/whep", subject: Viewer)).Query;
        var viewer = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/{Camera}{query}");
        var playing = await WebRtcProbe.WaitForAsync(viewer, s => s.FramesDecoded > 0, FirstFrameLimit, "#video");
        Assert.True(playing.FramesDecoded > 0, $"the viewer decoded no frame: {playing}");
        var session = Assert.Single(gateway.Sessions.All);

        // The camera being watched shows as pulled, with its one viewer.
        var cameraRow = console.Locator($"#cameras-table tr[data-camera=\"{Camera}\"]");
        await cameraRow.Locator(".badge[data-state=\"pulling\"]").WaitForAsync();
        Assert.Equal("1", (await cameraRow.Locator("td[data-label=\"Viewers\"]").InnerTextAsync()).Trim());

        var row = console.Locator($"#sessions-table tr[data-session-id=\"{session.Id}\"]");
        await row.WaitForAsync();
        var text = await row.InnerTextAsync();
        Assert.Contains(Viewer, text, StringComparison.Ordinal);
        Assert.Contains(Camera, text, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", text, StringComparison.Ordinal);

        // The origin's figures for the session: its ICE path once connected, the bytes sent so far.
        var paths = new HashSet<string>(StringComparer.Ordinal) { "udp_host", "udp_srflx", "udp_prflx", "tcp", "relay" };
        var path = row.Locator("td[data-label=\"ICE path\"]");
        var sent = row.Locator("td[data-label=\"Bytes\"]");
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(async () => paths.Contains((await path.InnerTextAsync()).Trim()) && (await sent.InnerTextAsync()).Trim() is not ("—" or "" or "0 B"), 15_000),
            $"the session row shows no ICE path or bytes: {await row.InnerTextAsync()}");
        Assert.NotEqual("—", (await row.Locator("td[data-label=\"Duration\"]").InnerTextAsync()).Trim());

        string? confirmation = null;
        console.Dialog += (_, dialog) =>
        {
            confirmation = dialog.Message;
            _ = dialog.AcceptAsync();
        };
        await row.Locator("button.kick").ClickAsync();

        var viewers = (OriginViewers)gateway.Services.GetService(typeof(OriginViewers))!;
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewers.Count == 0, 15_000), "the origin kept the kicked session's media");
        Assert.NotNull(confirmation);
        Assert.Contains(Camera, confirmation, StringComparison.Ordinal);
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
        var kicked = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.kicked"), "session.kicked record");
        Assert.Equal(Administrator, kicked.GetProperty("operator").GetString());
        Assert.Equal(session.Id, kicked.GetProperty("session_id").GetString());

        // The viewer's picture stops, and its reconnect with the same link is refused: the kick sticks.
        Assert.True(await FramesStopAsync(viewer), "frames kept decoding after the kick");
        await BrowserPages.WaitForStateAsync(viewer, "refused");
        Assert.Equal("credential_kicked", (await BrowserPages.StatusAsync(viewer)).Reason);
        await console.Locator($"#sessions-table tr[data-session-id=\"{session.Id}\"]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Single(gateway.Webhook.Closings);
        await viewer.CloseAsync();
        return session.Id;
    }

    private static async Task SearchTheAuditAsync(IPage console, string sessionId)
    {
        await console.FillAsync("#audit-operator", Administrator);
        await console.ClickAsync("#audit-form button[type=submit]");
        var kicked = console.Locator($"#audit-table tr[data-type=\"session.kicked\"][data-session-id=\"{sessionId}\"]");
        await kicked.WaitForAsync();
        Assert.Contains(Administrator, await kicked.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await console.Locator("#audit-table tr[data-type=\"session.kicked\"]").CountAsync());
        var chain = console.Locator("#audit-chain");
        Assert.Equal("true", await chain.GetAttributeAsync("data-verified"));
        Assert.Matches(ChainVerified(), await chain.TextContentAsync() ?? string.Empty);

        // By camera: the kicked session's end, with its reason.
        await console.FillAsync("#audit-operator", string.Empty);
        await console.FillAsync("#audit-camera", Camera);
        await console.ClickAsync("#audit-form button[type=submit]");
        var end = console.Locator($"#audit-table tr[data-type=\"session.end\"][data-session-id=\"{sessionId}\"]");
        await end.WaitForAsync();
        Assert.Equal("kicked", (await end.Locator("td[data-label=\"Outcome\"]").InnerTextAsync()).Trim());
        Assert.Equal("true", await chain.GetAttributeAsync("data-verified"));
    }

    /// <summary>Mints a link of <paramref name="kind"/> for the viewer operator and opens it from the console's link: it plays.</summary>
    private static async Task MintAndPlayAsync(IBrowserContext context, IPage console, string kind)
    {
        // The camera list offers the cameras the gateway knows; the one just watched among them.
        await console.Locator($"#mint-camera option[value=\"{Camera}\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await console.SelectOptionAsync("#mint-camera", Camera);
        await console.FillAsync("#mint-operator", Viewer);
        await console.SelectOptionAsync("#mint-kind", kind);
        await console.FillAsync("#mint-lifetime", "10");
        await console.ClickAsync("#mint-form button[type=submit]");
        var link = console.Locator("#mint-link");
        await link.WaitForAsync();
        var href = await link.GetAttributeAsync("href") ?? string.Empty;
        Assert.StartsWith("http://127.0.0.1:", href, StringComparison.Ordinal);
        Assert.Contains($"/play/{Camera}", href, StringComparison.Ordinal);
        Assert.Contains(kind == "token" ? "#token=" : "signature=", href, StringComparison.Ordinal);
        Assert.Equal("_blank", await link.GetAttributeAsync("target"));

        var player = await context.RunAndWaitForPageAsync(() => link.ClickAsync());
        var playing = await WebRtcProbe.WaitForAsync(player, s => s.FramesDecoded > 0, FirstFrameLimit, "#video");
        Assert.True(playing.FramesDecoded > 0, $"the minted {kind} did not play: {playing}");
        await player.CloseAsync();
    }

    private static Task<bool> FitsTheWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

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

    [GeneratedRegex(@"chain verified \(\d+ records\)", RegexOptions.IgnoreCase)]
    private static partial Regex ChainVerified();
}
