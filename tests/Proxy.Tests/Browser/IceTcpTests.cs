using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// ICE over TCP (RFC 6544, passive, on the ICE port's number) for viewers whose network blocks
/// UDP: with <c>WebRtc:Ice:AdvertiseUdp=false</c> the answer carries only the TCP candidate, so a
/// UDP path cannot exist and Chromium has to play over the TCP connection it opens itself.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class IceTcpTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task PlayerPage_OnlyTcpCandidate_PlaysOverIceTcpAtTheClipsSize()
    {
        await using var gateway = await DemoCameraGateway.StartAsync(new Dictionary<string, string?> { ["WebRtc:Ice:AdvertiseUdp"] = "false" });
        var ice = gateway.Services.GetRequiredService<IceUdpEndpoint>();
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");

        await ClipPlayback.AssertPlaysAsync(page, "#video", "tcp");
        var remote = await page.EvaluateAsync<string>("() => window.__securestreamPeers.at(-1).remoteDescription.sdp");
        // Every bundled section repeats the same candidate: one distinct line, the passive TCP one.
        var candidate = Assert.Single(remote.Split("\r\n").Where(line => line.StartsWith("a=candidate:", StringComparison.Ordinal)).Distinct());
        // a=candidate:foundation component transport priority address port typ host tcptype passive …
        var fields = candidate.Split(' ');
        Assert.Equal(("tcp", "127.0.0.1", ice.Port.ToString(CultureInfo.InvariantCulture), "host", "passive"), (fields[2], fields[4], fields[5], fields[7], fields[9]));
        Assert.Equal(1, ice.SessionCount);
        Assert.Equal("Live", (await BrowserPages.StatusAsync(page)).Text);
    }

    /// <summary>
    /// Thousands of idle ICE-TCP connections from another address (127.0.0.2) while Chromium
    /// connects over ICE-TCP: the attacker keeps only its share of unverified connections, and the
    /// viewer's connection is verified and plays (docs/playback.md, "ICE-TCP").
    /// </summary>
    [Fact]
    public async Task PlayerPage_TwoThousandIdleIceTcpConnectionsFromAnotherAddress_StillPlaysOverIceTcp()
    {
        await using var gateway = await DemoCameraGateway.StartAsync(new Dictionary<string, string?> { ["WebRtc:Ice:AdvertiseUdp"] = "false" });
        var ice = gateway.Services.GetRequiredService<IceUdpEndpoint>();
        var attacker = IPAddress.Parse("127.0.0.2");
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 2000; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(socket);
                socket.Bind(new IPEndPoint(attacker, 0));
                await socket.ConnectAsync(ice.TcpLocalEndPoint!);
            }

            var share = new IceEndpointOptions().MaxUnverifiedTcpConnectionsPerAddress;
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => ice.Drops[IceDropReason.TcpSourceOverShare] == 2000 - share, timeoutMs: 30_000));
            Assert.Equal(share, ice.Tcp!.UnverifiedFrom(attacker));

            var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
            await using var context = await chromium.NewContextAsync();
            var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");

            await ClipPlayback.AssertPlaysAsync(page, "#video", "tcp");
            Assert.Equal(1, ice.SessionCount);
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }
    }
}
