using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Xunit.Abstractions;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The attack from issue 9 (connections holding unfinished header blocks of nearly the whole
/// header limit) at scale: the gateway's memory grows by what its bounds allow, not by what the
/// attacker sends (docs/security.md, "Connections and request bounds").
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class ConnectionMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UnfinishedHeaderBlocks_TwoThousandFromOneAddress_MemoryWithinTheBound()
    {
        const int connections = 2000;
        const int padding = 30 * 1024;
        await using var gateway = await GatewayUnderTest.StartAsync(settings: HeldConnections.OnlyCapsClose);
        var share = new ListenerOptions().Http.MaxConnectionsPerAddress;
        using (var warmUp = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")))
        {
            Assert.True(warmUp.IsSuccessStatusCode);
        }

        var managedBefore = MemoryMeasurement.ManagedBytes();
        var workingSetBefore = Environment.WorkingSet;

        var head = Encoding.ASCII.GetBytes("GET /app/cam1/whep HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + new string('a', padding));
        using var held = await HeldConnections.OpenAsync(IPAddress.Parse("127.0.0.2"), gateway.HttpPort, connections, head);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => held.Closed >= connections - share, timeoutMs: 30_000), $"only {held.Closed} closed");
        var limiter = gateway.Services.GetRequiredService<ConnectionLimits>().Of(ListenerKind.Http);
        Assert.Equal(share, limiter.LiveFrom(IPAddress.Parse("127.0.0.2")));

        var grown = MemoryMeasurement.ManagedBytes() - managedBefore;
        output.WriteLine($"managed heap grew {grown / 1024} KB, working set {(Environment.WorkingSet - workingSetBefore) / 1024} KB, with {connections} connections of which {share} held");

        // The bound: the share of held connections each buffering at most its request line and
        // header block (64 KB of Kestrel read-ahead) plus 64 KB of connection state, and this
        // test's own 2,000 client sockets at 2 KB each — about 12 MB; asserted with room to 32 MB.
        // Unbounded, the same attack holds 2,000 × 30 KB = 60 MB of headers alone.
        Assert.True(grown < 32L * 1024 * 1024, $"managed heap grew {grown / (1024 * 1024)} MB");

        // Still the same share after measuring: the bound is what closed the rest.
        Assert.Equal(connections - share, limiter.RefusedOverShare);
    }
}
