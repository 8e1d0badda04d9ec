using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>X-Forwarded-For / X-Real-IP count only from a configured trusted proxy (PROTOCOLS.md §1 real_ip).</summary>
public sealed class GateClientAddressTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private GatewayUnderTest Gateway => shared.Gateway;

    public static TheoryData<string, Dictionary<string, string>> SpoofedHeaders => new()
    {
        { "X-Forwarded-For", new() { ["X-Forwarded-For"] = "10.1.2.3" } },
        { "X-Real-IP", new() { ["X-Real-IP"] = "10.1.2.3" } },
        { "both, several hops", new() { ["X-Real-IP"] = "10.1.2.3", ["X-Forwarded-For"] = "10.1.2.3, 10.9.9.9" } },
    };

    [Theory]
    [MemberData(nameof(SpoofedHeaders))]
    public async Task ForwardingHeadersFromUntrustedPeer_DoNotSatisfyAllowIp(string name, Dictionary<string, string> headers)
    {
        Assert.NotEmpty(name);
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", allowIp: "10.0.0.0/8");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, headers: headers);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "address_not_allowed");
        var record = Gateway.Decisions()[^1];
        Assert.Equal("127.0.0.1", record.GetProperty("client_ip").GetString());
        Assert.Equal("peer", record.GetProperty("client_ip_source").GetString());
    }

    [Theory]
    [MemberData(nameof(SpoofedHeaders))]
    public async Task ForwardingHeadersFromUntrustedPeer_AreIgnoredAndNotForwarded(string name, Dictionary<string, string> headers)
    {
        Assert.NotEmpty(name);
        var link = Gateway.SignedLink("demo/door", suffix: "/whep");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, headers: headers);

        Assert.Equal(201, (int)response.StatusCode);
        var hit = GateProbe.AssertAdmitted(Gateway, before, "/demo/door/whep");
        Assert.False(hit.Headers.ContainsKey("X-Forwarded-For"));
        Assert.False(hit.Headers.ContainsKey("X-Real-IP"));
        var record = Gateway.Decisions()[^1];
        Assert.Equal("127.0.0.1", record.GetProperty("client_ip").GetString());
        Assert.Equal("peer", record.GetProperty("client_ip_source").GetString());
        var opening = Gateway.Webhook.Openings.Last();
        Assert.DoesNotContain("10.1.2.3", opening.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardingHeaderFromTrustedProxy_IsTheClientAddress()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?> { ["TrustedProxies:Networks:0"] = "127.0.0.1/32" });
        var link = gateway.SignedLink("demo/door", suffix: "/whep");
        var before = GateProbe.Mark(gateway);

        using var response = await GateProbe.OfferAsync(gateway, link, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.7" });

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(gateway, before, "/demo/door/whep");
        var record = gateway.Decisions()[^1];
        Assert.Equal("198.51.100.7", record.GetProperty("client_ip").GetString());
        Assert.Equal("x-forwarded-for", record.GetProperty("client_ip_source").GetString());
    }
}
