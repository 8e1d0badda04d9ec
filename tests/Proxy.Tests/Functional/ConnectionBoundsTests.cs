using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Connection and request bounds through real Kestrel (docs/security.md, "Connections and
/// request bounds"): one source holding thousands of connections with unfinished header blocks
/// keeps only its share, the gateway's memory stays bounded, and a viewer from another address is
/// admitted and plays; slow headers, slow WebSocket handshakes and slow bodies are cut off.
/// </summary>
public sealed class ConnectionBoundsTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    /// <summary>Each held connection's unfinished header block: under the 32 KB limit, so only the connection cap ends it.</summary>
    private static byte[] UnfinishedHeaderBlock(int padding) =>
        Encoding.ASCII.GetBytes("GET /app/cam1/whep HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + new string('a', padding));

    [Fact]
    public async Task UnfinishedHeaderBlocks_TwoThousandFromOneAddress_ShareKeptRestClosedViewerAdmitted()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: HeldConnections.OnlyCapsClose);
        var limiter = gateway.Services.GetRequiredService<ConnectionLimits>().Of(ListenerKind.Http);
        const int share = 64;

        using var held = await HeldConnections.OpenAsync(Attacker, gateway.HttpPort, 2000, UnfinishedHeaderBlock(16 * 1024));

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => held.Closed >= 2000 - share, timeoutMs: 30_000), $"only {held.Closed} closed");
        Assert.Equal(share, limiter.LiveFrom(Attacker));
        Assert.Equal(2000 - share, limiter.RefusedOverShare);

        var before = GateProbe.Mark(gateway);
        using var response = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        Assert.True(response.IsSuccessStatusCode, $"viewer got {(int)response.StatusCode}");
        GateProbe.AssertAdmitted(gateway, before, "/app/cam1/whep");
    }

    [Fact]
    public async Task ListenerFull_ConnectionBeyondTheTotal_ClosedOnAcceptAndCounted()
    {
        var settings = HeldConnections.OnlyCapsClose;
        settings["Listeners:Management:MaxConnections"] = "8";
        settings["Listeners:Management:MaxConnectionsPerAddress"] = "8";
        await using var gateway = await GatewayUnderTest.StartAsync(settings: settings);
        var connections = gateway.Services.GetRequiredService<ConnectionLimits>();

        using var held = await HeldConnections.OpenAsync(Attacker, gateway.ManagementPort, 8, []);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => connections.Live(ListenerKind.Management) == 8));
        using var oneMore = await HeldConnections.OpenAsync(IPAddress.Parse("127.0.0.3"), gateway.ManagementPort, 1, []);

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => oneMore.Closed == 1));
        Assert.Equal(0, held.Closed);
        Assert.Equal((1L, 0L), connections.Refused(ListenerKind.Management));
    }

    /// <summary>
    /// A header block that never ends, as a plain request and as a WebSocket upgrade (the
    /// handshake is an HTTP request): closed after Listeners:Limits:RequestHeadersTimeout.
    /// </summary>
    [Theory]
    [InlineData("WHEP offer", "POST /app/cam1/whep HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sdp\r\n")]
    [InlineData("WebSocket upgrade", "GET /app/cam1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")]
    public async Task SlowHeaders_NeverFinished_ConnectionCutOff(string name, string head)
    {
        Assert.NotEmpty(name);
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Listeners:Limits:RequestHeadersTimeout"] = "00:00:01",
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, gateway.HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Kestrel answers 408 and closes; the bound is what ends it, not the client.
        var answer = await ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// An admitted WHEP offer whose body trickles in below Listeners:Limits:MinRequestBodyDataRate:
    /// the connection is cut off, so a slow body cannot hold an admitted session open.
    /// </summary>
    [Fact]
    public async Task SlowBody_TrickledBelowTheMinimumRate_ConnectionCutOff()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Listeners:Limits:MinRequestBodyGracePeriod"] = "00:00:02",
        });
        var target = new Uri(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).PathAndQuery;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, gateway.HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sdp\r\nContent-Length: 60000\r\n\r\nv=0\r\n"));

        // One byte every 100 ms (10 B/s, the default minimum is 4096 B/s) until the server stops listening.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cutOff = false;
        for (var sent = 0; sent < 60000 - 5 && !deadline.IsCancellationRequested; sent++)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray(), deadline.Token);
                if (client.Client.Poll(0, SelectMode.SelectRead))
                {
                    cutOff = true;
                    break;
                }

                await Task.Delay(100, deadline.Token);
            }
            catch (IOException)
            {
                cutOff = true;
                break;
            }
        }

        Assert.True(cutOff, "the trickled body was still accepted after 60 s");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.Sessions.Count == 0), "the admitted session outlived its cut-off request");
    }

    /// <summary>
    /// The attack above while a viewer from another address really plays a camera through the
    /// front door and the embedded origin.
    /// </summary>
    [Fact]
    public async Task UnfinishedHeaderBlocks_TwoThousandFromOneAddress_ViewerPlays()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera], extra: HeldConnections.OnlyCapsClose);
        using var held = await HeldConnections.OpenAsync(Attacker, gateway.HttpPort, 2000, UnfinishedHeaderBlock(16 * 1024));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => held.Closed >= 2000 - 64, timeoutMs: 30_000), $"only {held.Closed} closed");

        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(gateway.SignedLink("demo/h264", suffix: "/whep"))), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe && viewer.Packets > 100, timeoutMs: 30_000), "the viewer did not play during the attack");
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal(0, result.SrtpFailures);
        Assert.Equal(64, gateway.Services.GetRequiredService<ConnectionLimits>().Of(ListenerKind.Http).LiveFrom(Attacker));
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset after the answer.
        }

        return text.ToString();
    }
}
