using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Pages;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The demo wall's link list through the real front door: links only for configured clients,
/// rate limited per client with a bounded audit trail, signed with the demo key, which opens demo
/// cameras only (docs/pages.md, "The demo wall").
/// </summary>
public sealed class DemoWallTests
{
    private static Dictionary<string, string?> DemoCamerasOn(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["DemoCameras:Enabled"] = "true", ["DemoCameras:Port"] = "0" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task WallLinks_ClientOutsideWallClients_403AndNothingIssued()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn(("DemoCameras:WallClients:0", "127.0.0.1/32")));
        using var outsider = LoopbackClients.HttpClientFrom("127.0.0.2");

        using var refused = await outsider.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}"));
        var body = await refused.Content.ReadAsStringAsync();
        using var allowed = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("demo_wall_client_not_allowed", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain("signature=", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var issued = Assert.Single(Issued(gateway));
        Assert.Equal("127.0.0.1", issued.GetProperty("client_ip").GetString());
    }

    [Fact]
    public async Task WallLinks_ForwardedByAnUntrustedProxy_403()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}");
        // What a reverse proxy on this machine sends for an internet client, when TrustedProxies does not list it.
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(Issued(gateway));
    }

    [Fact]
    public async Task WallLinks_FloodFromOneClient_RateLimitedWithABoundedAuditTrail_AnotherClientStillGetsLinks()
    {
        const int flood = 3000;
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn());
        using var attacker = LoopbackClients.HttpClientFrom("127.0.0.2");
        var url = new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}");
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var started = TimeProvider.System.GetTimestamp();

        var legitimate = new List<HttpStatusCode>();
        await Parallel.ForAsync(0, flood, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var response = await attacker.GetAsync(url, cancellationToken);
            statuses.Add(response.StatusCode);
            if (i % 500 == 0)
            {
                // A viewer on another address arriving during the flood.
                using var own = await gateway.Client.GetAsync(url, cancellationToken);
                lock (legitimate)
                {
                    legitimate.Add(own.StatusCode);
                }
            }
        });
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.Equal(flood, ok + statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // Burst 10, then 1 a second (DemoCameras:WallBurst, WallRequestsPerSecond).
        Assert.InRange(ok, 10, 10 + (int)Math.Ceiling(elapsed.TotalSeconds) + 1);
        Assert.All(legitimate, status => Assert.Equal(HttpStatusCode.OK, status));
        // One record per issuance, none per refusal: the trail grows with what was issued, not with the flood.
        var issued = Issued(gateway);
        Assert.Equal(gateway.AuditRecords().Count, issued.Count);
        Assert.Equal(ok, issued.Count(r => r.GetProperty("client_ip").GetString() == "127.0.0.2"));
        Assert.Equal(legitimate.Count, issued.Count(r => r.GetProperty("client_ip").GetString() == "127.0.0.1"));
        // Each record is small and fixed in shape (no client-chosen text): the journal is bounded by the issuances.
        Assert.InRange(new FileInfo(gateway.JournalPath).Length, 1, issued.Count * 500L);
    }

    [Fact]
    public async Task WallLinks_Issued_SignedWithTheDemoKeyAndAudited()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn());
        var before = GateProbe.Mark(gateway);

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}"));
        using var links = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = links.RootElement[0].GetProperty("url").GetString()!;
        using var offer = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}{url}");

        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        var issued = Assert.Single(Issued(gateway));
        Assert.Equal(ScopedSignedUrlKey.DemoWallKeyId, issued.GetProperty("key_id").GetString());
        Assert.Equal("demo", issued.GetProperty("app").GetString());
        Assert.Equal(4, issued.GetProperty("links").GetInt32());
        var decision = Assert.Single(gateway.Decisions().Skip(before.Decisions));
        Assert.StartsWith("kid:" + ScopedSignedUrlKey.DemoWallKeyId + " ", decision.GetProperty("credential_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("anonymous", decision.GetProperty("operator").GetString());
    }

    [Theory]
    [InlineData("app/cam1", null)]
    [InlineData("app/lobby-1", null)]
    [InlineData("demo/lobby", "alice")]
    public async Task DemoKeyLink_ForNonDemoCameraOrWithOperator_RefusedEvenWhenPolicyEntitlesAnonymousLinksWidely(string camera, string? subject)
    {
        // policy.json lets anonymous links open every camera: the demo key must still open only demo/*.
        await using var gateway = await GatewayUnderTest.StartAsync(
            policySections: policy => policy["anonymousLinks"] = new { cameras = new[] { "demo/*", "app/*" }, maxSessions = 10 },
            settings: DemoCamerasOn());
        var before = GateProbe.Mark(gateway);
        var key = gateway.Services.GetRequiredService<ScopedSignedUrlKey>().Key;
        var forged = SignedUrlSigner.CreateLink(
            new Uri($"http://127.0.0.1:{gateway.HttpPort}/{camera}/whep"),
            new SignedPolicyClaims(DateTimeOffset.UtcNow.AddMinutes(5)) { Subject = subject },
            key.Id,
            key.Secret,
            key.Algorithm,
            SignedUrlParameterNames.Default);

        using var offer = await GateProbe.OfferAsync(gateway, forged);

        Assert.Equal(HttpStatusCode.Forbidden, offer.StatusCode);
        var decision = Assert.Single(gateway.Decisions().Skip(before.Decisions));
        Assert.Equal("not_entitled", decision.GetProperty("reason").GetString());
        Assert.Equal(before.Hits, gateway.Origin.Hits.Count);
        // The same policy does let a production-key anonymous link open app/cam1: only the demo key is narrowed.
        if (subject is null)
        {
            using var production = await GateProbe.OfferAsync(gateway, gateway.SignedLink(camera, suffix: "/whep"));
            Assert.Equal(HttpStatusCode.Created, production.StatusCode);
        }
    }

    private static List<JsonElement> Issued(GatewayUnderTest gateway) =>
        [.. gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "demo.link_issued")];
}
