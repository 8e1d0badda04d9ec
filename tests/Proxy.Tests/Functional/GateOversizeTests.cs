using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>Oversized inputs are refused by the gate with their own reason, before any forwarding.</summary>
public sealed class GateOversizeTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private GatewayUnderTest Gateway => shared.Gateway;

    private static string Parameters(int count, int valueLength) =>
        string.Join('&', Enumerable.Range(0, count).Select(i => $"p{i}={new string('v', valueLength)}"));

    public static TheoryData<string, string?, string?, int, string> OversizedLinks => new()
    {
        { "URL above 4 KB", Parameters(3, 1500), null, 414, "target_too_long" },
        { "100 parameters", Parameters(100, 1), null, 400, "too_many_parameters" },
        { "policy above 1 KB", null, new string('j', 1200), 401, "policy_too_large" },
    };

    [Theory]
    [MemberData(nameof(OversizedLinks))]
    public async Task OversizedSignedLink_IsRefused(string name, string? extraQuery, string? linkId, int status, string reason)
    {
        Assert.NotEmpty(name);
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", extraQuery: extraQuery, linkId: linkId);
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, status, reason);
    }

    [Fact]
    public async Task OneMegabyteWhepOffer_IsBodyTooLarge()
    {
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, body: "v=0\r\n" + new string('a', (1024 * 1024) - 5));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 413, "body_too_large");
    }

    /// <summary>
    /// No Content-Length to refuse up front: admitted on its headers, the offer is held to the same
    /// limit while it streams to the origin, and the client is told 413 (not 503 "retry").
    /// </summary>
    [Fact]
    public async Task OneMegabyteChunkedWhepOffer_IsBodyTooLarge()
    {
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");

        using var response = await GateProbe.OfferAsync(Gateway, link, body: "v=0\r\n" + new string('a', (1024 * 1024) - 5), chunked: true);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("\"reason\":\"body_too_large\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    /// <summary>
    /// Over the token limit (8 KB) but inside the 32 KB header block: the gate reads it and gives
    /// its own audited refusal.
    /// </summary>
    [Fact]
    public async Task TwentyKilobyteJwtInAuthorization_IsTokenTooLarge()
    {
        var token = GateProbe.B64("{\"alg\":\"HS256\",\"kid\":\"hs-1\"}") + "." + new string('A', 20 * 1024) + ".sig";
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, $"http://127.0.0.1:{Gateway.HttpPort}/app/cam1/whep", bearer: token);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "token_too_large");
    }

    /// <summary>
    /// Above the 32 KB header block (Listeners:Limits:MaxRequestHeadersTotalSize): Kestrel answers
    /// 431 before the gate, having buffered no more than the limit, so nothing is forwarded or admitted.
    /// </summary>
    [Fact]
    public async Task ThreeHundredKilobyteJwtInAuthorization_IsRefusedBeforeTheGate()
    {
        var token = GateProbe.B64("{\"alg\":\"HS256\",\"kid\":\"hs-1\"}") + "." + new string('A', 300 * 1024) + ".sig";
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, $"http://127.0.0.1:{Gateway.HttpPort}/app/cam1/whep", bearer: token);

        Assert.Equal(431, (int)response.StatusCode);
        Assert.Equal(before.Hits, Gateway.Origin.Hits.Count);
        Assert.Equal(before.Openings, Gateway.Webhook.Openings.Count());
        Assert.DoesNotContain(Gateway.Decisions().Skip(before.Decisions), r => r.GetProperty("decision").GetString() == "allow");
    }

    /// <summary>Above the 8 KB request line (Kestrel's default): refused with 414 by Kestrel before the gate, so nothing is forwarded or admitted.</summary>
    [Fact]
    public async Task ThreeHundredKilobyteJwtInQuery_IsRefusedBeforeTheGate()
    {
        var token = GateProbe.B64("{\"alg\":\"HS256\",\"kid\":\"hs-1\"}") + "." + new string('A', 300 * 1024) + ".sig";
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, $"http://127.0.0.1:{Gateway.HttpPort}/app/cam1/whep?token={token}");

        Assert.Equal(414, (int)response.StatusCode);
        Assert.Equal(before.Hits, Gateway.Origin.Hits.Count);
        Assert.Equal(before.Openings, Gateway.Webhook.Openings.Count());
        Assert.DoesNotContain(Gateway.Decisions().Skip(before.Decisions), r => r.GetProperty("decision").GetString() == "allow");
    }
}
