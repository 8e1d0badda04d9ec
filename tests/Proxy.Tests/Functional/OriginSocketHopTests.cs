using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The hop from the front door to the embedded origin over its Unix domain socket
/// (docs/architecture.md, "The hop to the embedded origin"): the real gateway with its real
/// listeners; the same HTTP contract as over loopback TCP, the ticket checked the same way on both.
/// </summary>
// Directory modes are the socket's protection: Linux (and macOS) only, as the feature is.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OriginSocketHopTests
{
    // A camera the registry knows; nothing listens on port 9, and a junk offer never pulls it.
    private static readonly Dictionary<string, string?> UnpulledCamera = new()
    {
        ["OriginMap:Origins:0:Location"] = "/demo",
        ["OriginMap:Origins:0:Scheme"] = "rtsp",
        ["OriginMap:Origins:0:Urls:0"] = "127.0.0.1:9",
    };

    [Fact]
    public async Task Default_LoopbackTcp_NoSocket()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: UnpulledCamera);

        Assert.Null(gateway.OriginSocketPath);
        Assert.NotEqual(0, gateway.OriginPort);
    }

    [Fact]
    public async Task Auto_OnLinux_OriginOnAPrivateSocket_NoTcpPort()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: new Dictionary<string, string?>(UnpulledCamera)
        {
            ["Listeners:OriginSocket:Mode"] = "Auto",
        });

        Assert.NotNull(gateway.OriginSocketPath);
        Assert.Equal(0, gateway.OriginPort);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(gateway.OriginSocketPath)!));
        using var health = await gateway.OriginClient.GetAsync(gateway.OriginUrl(Media.Origin.OriginHealthEndpoint.Path));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("UnixSocket")]
    [InlineData("Tcp")]
    public async Task SignedOffer_AdmittedAndForwarded_OriginRefusesWithoutAValidTicket_OnEitherTransport(string mode)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: new Dictionary<string, string?>(UnpulledCamera)
        {
            ["Listeners:OriginSocket:Mode"] = mode,
        });
        Assert.Equal(mode == "UnixSocket", gateway.OriginSocketPath is not null);
        Assert.Equal(mode == "Tcp", gateway.OriginPort != 0);

        // Through the front door: admitted, forwarded with a ticket, and the origin itself refuses the junk offer.
        using var offer = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/h264", suffix: "/whep"));
        Assert.Equal(HttpStatusCode.BadRequest, offer.StatusCode);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(r => r.GetProperty("type").GetString() == "session.start")));
        Assert.Equal("allow", Assert.Single(gateway.Decisions()).GetProperty("decision").GetString());

        // Straight to the origin, as only the front door should call it: no ticket, or one it did not sign.
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_missing"), await OfferToOriginAsync(gateway, ticket: null));
        var forged = new TicketIssuer(TicketKey.CreateRandom(), TimeProvider.System)
            .Issue(TicketIssuer.NewId(), new CameraPath("demo", "h264"), "anonymous", null, string.Empty);
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_invalid"), await OfferToOriginAsync(gateway, forged));
    }

    [Fact]
    public async Task SignedWhepOffer_AnsweredThroughTheSocket_ViewerPlays()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/demo",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
            ["OriginMap:Origins:0:Urls:0"] = $"127.0.0.1:{camera.Port}",
            ["Listeners:OriginSocket:Mode"] = "UnixSocket",
        });
        Assert.NotNull(gateway.OriginSocketPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(gateway.SignedLink("demo/h264", suffix: "/whep"))), new WebRtcViewerOptions { Audio = false });
        var run = viewer.RunAsync(stop.Token);

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000), "the viewer did not play");
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal(0, result.SrtpFailures);
        Assert.Equal(1, camera.Connections);
    }

    [Fact]
    public async Task ConfiguredPath_StaleSocketFileAtStart_Removed_GatewayServes_FileGoneAtStop()
    {
        var directory = Directory.CreateTempSubdirectory("ss-stale-").FullName;
        try
        {
            var path = Path.Combine(directory, "origin.sock");
            Listeners.OriginSocketTests.LeaveStaleSocketFile(path);
            var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: new Dictionary<string, string?>(UnpulledCamera)
            {
                ["Listeners:OriginSocket:Mode"] = "UnixSocket",
                ["Listeners:OriginSocket:Path"] = path,
            });
            await using (gateway)
            {
                Assert.Equal(path, gateway.OriginSocketPath);
                using var offer = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/h264", suffix: "/whep"));
                Assert.Equal(HttpStatusCode.BadRequest, offer.StatusCode);
                Assert.Equal("allow", Assert.Single(gateway.Decisions()).GetProperty("decision").GetString());
            }

            Assert.False(File.Exists(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TwoGatewaysOnOneHost_EachItsOwnSocket_BothAdmit()
    {
        var onSocket = new Dictionary<string, string?>(UnpulledCamera) { ["Listeners:OriginSocket:Mode"] = "UnixSocket" };
        await using var first = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: onSocket);
        await using var second = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: onSocket);

        Assert.NotEqual(first.OriginSocketPath, second.OriginSocketPath);
        foreach (var gateway in new[] { first, second })
        {
            using var offer = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/h264", suffix: "/whep"));
            Assert.Equal(HttpStatusCode.BadRequest, offer.StatusCode);
            Assert.Equal("allow", Assert.Single(gateway.Decisions()).GetProperty("decision").GetString());
        }
    }

    [Theory]
    [InlineData("755", "chmod 700")]
    [InlineData("700", "at most 103")]
    public async Task BadSocketPath_StartFails_MessageNamesTheSettingAndTheFix(string directoryMode, string fix)
    {
        var directory = Directory.CreateTempSubdirectory("ss-bad-").FullName;
        try
        {
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32(directoryMode, 8));
            var name = fix.StartsWith("at most", StringComparison.Ordinal) ? new string('s', 110) + ".sock" : "origin.sock";

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayUnderTest.StartAsync(
                embeddedOrigin: true, settings: new Dictionary<string, string?>
                {
                    ["Listeners:OriginSocket:Mode"] = "UnixSocket",
                    ["Listeners:OriginSocket:Path"] = Path.Combine(directory, name),
                }));

            Assert.Contains("Listeners:OriginSocket:Path", error.Message, StringComparison.Ordinal);
            Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(HttpStatusCode Status, string? Reason)> OfferToOriginAsync(GatewayUnderTest gateway, string? ticket)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.OriginUrl("/demo/h264/whep"))
        {
            Content = new StringContent("v=0\r\n", Encoding.ASCII, "application/sdp"),
        };
        if (ticket is not null)
        {
            request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        }

        using var response = await gateway.OriginClient.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("reason").GetString());
    }
}
