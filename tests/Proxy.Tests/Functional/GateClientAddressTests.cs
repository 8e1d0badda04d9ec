using System.Collections.Concurrent;
using System.Diagnostics;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// X-Forwarded-For / X-Real-IP count only from a configured trusted proxy (docs/links.md real_ip),
/// and X-Forwarded-For is read from the right: what a client writes itself never decides its address.
/// </summary>
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

    private static Task<GatewayUnderTest> BehindProxyAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["TrustedProxies:Networks:0"] = "127.0.0.1/32" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return GatewayUnderTest.StartAsync(settings: settings);
    }

    [Fact]
    public async Task ClientPrependsForwardedForEntries_AddressIsTheOneTheProxyAppended()
    {
        await using var gateway = await BehindProxyAsync();
        var token = TestTokens.Issue(gateway, "alice", ["app/cam1"], cidrs: ["10.0.0.0/8"]);
        var url = $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep";

        // nginx ($proxy_add_x_forwarded_for) appended the client's real address 203.0.113.9 after
        // whatever the client sent: the client's own 10.1.2.3 must not satisfy the token's cidr.
        var before = GateProbe.Mark(gateway);
        using var spoofed = await GateProbe.OfferAsync(gateway, url, bearer: token, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "10.1.2.3, 203.0.113.9", ["X-Real-IP"] = "10.1.2.3" });
        await GateProbe.AssertDeniedAsync(gateway, before, spoofed, 403, "address_not_allowed");
        var record = gateway.Decisions()[^1];
        Assert.Equal("203.0.113.9", record.GetProperty("client_ip").GetString());
        Assert.Equal("x-forwarded-for", record.GetProperty("client_ip_source").GetString());

        // A client really inside 10.0.0.0/8, whatever it wrote to the left, is admitted.
        before = GateProbe.Mark(gateway);
        using var inside = await GateProbe.OfferAsync(gateway, url, bearer: token, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9, 10.1.2.3" });
        Assert.Equal(201, (int)inside.StatusCode);
        GateProbe.AssertAdmitted(gateway, before, "/app/cam1/whep");
        Assert.Equal("10.1.2.3", gateway.Decisions()[^1].GetProperty("client_ip").GetString());
    }

    [Fact]
    public async Task LongerForwardedForThanTheLimit_EntryAtTheLimitAndTheRecordSaysSo()
    {
        await using var gateway = await BehindProxyAsync(new Dictionary<string, string?>
        {
            ["TrustedProxies:Networks:1"] = "10.0.0.0/8",
            ["TrustedProxies:ForwardLimit"] = "2",
        });
        var link = gateway.SignedLink("demo/door", suffix: "/whep");

        using var response = await GateProbe.OfferAsync(gateway, link, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.7, 10.0.0.5, 10.0.0.4, 10.0.0.3" });

        Assert.Equal(201, (int)response.StatusCode);
        var record = gateway.Decisions()[^1];
        Assert.Equal("10.0.0.4", record.GetProperty("client_ip").GetString());
        Assert.Equal("x-forwarded-for-limit", record.GetProperty("client_ip_source").GetString());
    }

    [Fact]
    public async Task ThousandsOfSpoofedLeftmostEntries_DrainOneBucket_LegitimateClientAdmitted()
    {
        const int rate = 1;
        const int burst = 10;
        const int attempts = 2000;
        await using var gateway = await BehindProxyAsync(new Dictionary<string, string?>
        {
            ["Gate:RequestsPerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gate:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        const string attacker = "198.51.100.50";
        var url = $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep";
        var statuses = new ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();

        // Every request names a different "client" on the left; the proxy appended the same real one.
        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var spoofed = $"10.{i / 256 % 256}.{i % 256}.7";
            using var response = await GateProbe.OfferAsync(gateway, url, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = $"{spoofed}, {attacker}" });
            statuses.Add((int)response.StatusCode);
        });
        var elapsed = clock.Elapsed;

        // A legitimate viewer behind the same proxy arrives while the attacker's bucket is empty.
        var link = gateway.SignedLink("demo/door", suffix: "/whep");
        var before = GateProbe.Mark(gateway);
        using var legitimate = await GateProbe.OfferAsync(gateway, link, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.77" });
        Assert.Equal(201, (int)legitimate.StatusCode);
        GateProbe.AssertAdmitted(gateway, before, "/demo/door/whep");
        Assert.Equal("198.51.100.77", gateway.Decisions()[^1].GetProperty("client_ip").GetString());

        // One bucket: at most its burst plus what it refilled while the flood ran got past the limiter.
        var passed = statuses.Count(s => s != 429);
        Assert.True(passed <= burst + (int)Math.Ceiling(elapsed.TotalSeconds * rate) + 1, $"{passed} requests passed the rate limit in {elapsed}");
        Assert.Equal(attempts - passed, statuses.Count(s => s == 429));
        var attackRecords = gateway.Decisions().Where(d => d.GetProperty("client_ip").GetString() != "198.51.100.77").ToList();
        Assert.All(attackRecords, d => Assert.Equal(attacker, d.GetProperty("client_ip").GetString()));
        Assert.Contains(attackRecords, d => d.GetProperty("reason").GetString() == "rate_limited");
    }
}
