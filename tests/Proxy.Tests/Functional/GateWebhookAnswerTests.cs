using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Webhook answers are range-checked and cannot widen a credential's scope; any failure of an
/// answer is a refusal with exactly one decision record and, since the receiver was told
/// "opening", exactly one closing.
/// </summary>
public sealed class GateWebhookAnswerTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync(webhook: true);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private string OfferUrl(string camera = "app/cam1") => $"http://127.0.0.1:{_gateway.HttpPort}/{camera}/whep";

    private void Answer(string json) => _gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 200, json);

    public static TheoryData<string> UnusableAnswers => new()
    {
        """{"allowed":true,"lifetime":9223372036854775807}""",
        """{"allowed":true,"lifetime":31536000001}""",
        """{"allowed":true,"lifetime":99999999999999999999}""",
        """{"allowed":true,"lifetime":-1}""",
        """{"allowed":true,"lifetime":1e3}""",
        """{"allowed":true,"allowed":true}""",
    };

    [Theory]
    [MemberData(nameof(UnusableAnswers))]
    public async Task LifetimeOutOfRangeOrUnreadable_503OneDecisionOneClosing(string answer)
    {
        Answer(answer);
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("webhook_unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertRefusedWithOneClosingAsync(before, "webhook_unavailable");
    }

    [Fact]
    public async Task LifetimeOfAYear_Admitted()
    {
        Answer("""{"allowed":true,"lifetime":31536000000}""");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(_gateway, before, "/app/cam1/whep");
    }

    [Fact]
    public async Task NewUrlOutsideTheTokensCam_RefusedWithOneClosing()
    {
        // alice may open app/lobby-1 (group lobby), but her token names only app/cam1.
        var token = TestTokens.Issue(_gateway, "alice", ["app/cam1"]);
        Answer($$"""{"allowed":true,"new_url":"http://127.0.0.1:{{_gateway.HttpPort}}/app/lobby-1"}""");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, OfferUrl(), bearer: token);

        Assert.Equal(403, (int)response.StatusCode);
        var record = await AssertRefusedWithOneClosingAsync(before, "webhook_redirect_refused");
        Assert.Contains("credential", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewUrlWithinTheTokensCamAndEntitlements_Admitted()
    {
        var token = TestTokens.Issue(_gateway, "alice", ["app/cam1", "app/lobby-*"]);
        Answer($$"""{"allowed":true,"new_url":"http://127.0.0.1:{{_gateway.HttpPort}}/app/lobby-1"}""");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, OfferUrl(), bearer: token);

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(_gateway, before, "/app/lobby-1/whep");
    }

    [Fact]
    public async Task NewUrlMovesASignedLinkToAnotherCamera_RefusedWithOneClosing()
    {
        // The link's signature covers app/cam1 only, though alice is entitled to app/lobby-1.
        Answer($$"""{"allowed":true,"new_url":"http://127.0.0.1:{{_gateway.HttpPort}}/app/lobby-1"}""");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(403, (int)response.StatusCode);
        await AssertRefusedWithOneClosingAsync(before, "webhook_redirect_refused");
    }

    [Fact]
    public async Task ExplicitNo_NoClosing()
    {
        Answer("""{"allowed":false}""");
        var before = GateProbe.Mark(_gateway);
        var closings = _gateway.Webhook.Closings.Count();

        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(403, (int)response.StatusCode);
        await Task.Delay(1000);
        Assert.Equal(closings, _gateway.Webhook.Closings.Count());
        Assert.Equal(before.Decisions + 1, _gateway.Decisions().Count);
    }

    /// <summary>No forwarding, one deny record with the reason, one opening and — after a moment's wait — exactly one closing naming the same session.</summary>
    private async Task<JsonElement> AssertRefusedWithOneClosingAsync(GateMark before, string reason)
    {
        Assert.Equal(before.Hits, _gateway.Origin.Hits.Count);
        var records = _gateway.Decisions().Skip(before.Decisions).ToList();
        var record = Assert.Single(records);
        Assert.Equal("deny", record.GetProperty("decision").GetString());
        Assert.Equal(reason, record.GetProperty("reason").GetString());
        Assert.Equal(before.Openings + 1, _gateway.Webhook.Openings.Count());

        var sessionId = record.GetProperty("session_id").GetString();
        bool IsOurs(WebhookCall call) => call.Body.Contains($"\"session_id\":\"{sessionId}\"", StringComparison.Ordinal);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => _gateway.Webhook.Closings.Any(IsOurs)), "no closing was sent");
        await Task.Delay(1000);
        Assert.Single(_gateway.Webhook.Closings, IsOurs);
        return record;
    }
}
