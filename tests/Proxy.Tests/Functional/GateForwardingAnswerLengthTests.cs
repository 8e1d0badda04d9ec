using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Refusals, the gate's own and the embedded origin's relayed by the front door, travel with their
/// Content-Length, not chunked: one send each way instead of a body and a terminating chunk.
/// </summary>
public sealed class GateForwardingAnswerLengthTests
{
    // A camera the registry knows; nothing listens on port 9, and a junk offer never pulls it.
    private static readonly Dictionary<string, string?> UnpulledCamera = new()
    {
        ["OriginMap:Origins:0:Location"] = "/demo",
        ["OriginMap:Origins:0:Scheme"] = "rtsp",
        ["OriginMap:Origins:0:Urls:0"] = "127.0.0.1:9",
    };

    [Fact]
    public async Task OriginRefusal_RelayedThroughTheFrontDoor_WithItsLength()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: UnpulledCamera);

        using var offer = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/h264", suffix: "/whep"));

        Assert.Equal(HttpStatusCode.BadRequest, offer.StatusCode);
        await AssertProblemWithLengthAsync(offer);
    }

    [Fact]
    public async Task GateRefusal_WithItsLength()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: UnpulledCamera);

        // No credential at all: refused by the gate itself, never forwarded.
        using var offer = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/demo/h264/whep");

        Assert.InRange((int)offer.StatusCode, 400, 499);
        var body = await AssertProblemWithLengthAsync(offer);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
    }

    private static async Task<JsonElement> AssertProblemWithLengthAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
