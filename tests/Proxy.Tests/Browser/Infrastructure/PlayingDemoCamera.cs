using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// One Chromium tab playing a demo camera (<c>demo/lobby</c>, over UDP) through a gateway, kept
/// for a whole test class so each attack is tried against the same live session. Started by the
/// first test that needs it (a class fixture cannot take the Chromium collection fixture).
/// </summary>
public sealed class PlayingDemoCamera : IAsyncLifetime
{
    public const string Camera = "demo/lobby";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private GatewayUnderTest? _gateway;
    private IBrowserContext? _context;
    private IPage? _page;

    public GatewayUnderTest Gateway => _gateway ?? throw NotStarted();

    public IPage Page => _page ?? throw NotStarted();

    /// <summary>The gateway's answer to the playing tab: the ICE credentials an on-path attacker would have to know.</summary>
    internal GatewayAnswer Answer { get; private set; } = null!;

    /// <summary>The playing tab's own ICE ufrag (the second half of USERNAME in its checks).</summary>
    public string BrowserUfrag { get; private set; } = string.Empty;

    /// <summary>The viewer's session at the front door.</summary>
    public string SessionId { get; private set; } = string.Empty;

    internal IceUdpEndpoint Ice => Gateway.Services.GetRequiredService<IceUdpEndpoint>();

    /// <summary>Starts the gateway and the tab once, and waits until the clip plays; later calls return at once.</summary>
    public async Task StartAsync(ChromiumFixture chromium, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        await _starting.WaitAsync();
        try
        {
            if (_page is not null)
            {
                return;
            }

            _gateway = await DemoCameraGateway.StartAsync(settings);
            _context = await chromium.NewContextAsync();
            var query = new Uri(_gateway.SignedLink(Camera, suffix: "/whep")).Query;
            var page = await BrowserPages.OpenAsync(_context, $"http://127.0.0.1:{_gateway.HttpPort}/play/{Camera}{query}");
            await ClipPlayback.AssertPlaysAsync(page, "#video", "udp");
            Answer = GatewayAnswer.Read(await page.EvaluateAsync<string>("() => window.__securestreamPeers.at(-1).remoteDescription.sdp"));
            var offer = await page.EvaluateAsync<string>("() => window.__securestreamPeers.at(-1).localDescription.sdp");
            BrowserUfrag = offer.Split("\r\n").First(line => line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
            SessionId = Assert.Single(_gateway.Sessions.All).Id;
            _page = page;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Playback and the count of ended sessions now, to compare with after an attack.</summary>
    public async Task<PlaybackBaseline> BaselineAsync() =>
        new(await WebRtcProbe.ReadAsync(Page, "#video"), SessionEnds().Count);

    /// <summary>
    /// The playing session is untouched: frames keep decoding at the clip's size over the same
    /// transport; it is still the only session at the front door and on the ICE port; exactly
    /// <paramref name="newSessionEnds"/> other sessions ended since <paramref name="before"/>, and not it.
    /// </summary>
    public async Task AssertStillPlayingAsync(PlaybackBaseline before, int newSessionEnds = 0)
    {
        ArgumentNullException.ThrowIfNull(before);
        await ClipPlayback.AssertKeepsDecodingAsync(Page, before.Stats, "#video");
        Assert.Equal(SessionId, Assert.Single(Gateway.Sessions.All).Id);
        Assert.Equal(1, Ice.SessionCount);
        var ends = SessionEnds();
        Assert.Equal(before.SessionEnds + newSessionEnds, ends.Count);
        Assert.DoesNotContain(ends, end => end.GetProperty("session_id").GetString() == SessionId);
    }

    /// <summary>The gateway's <c>session.end</c> audit records so far.</summary>
    public IReadOnlyList<JsonElement> SessionEnds() =>
        [.. Gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end")];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _starting.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("Call StartAsync first.");
}
