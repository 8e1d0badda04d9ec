using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// One trace id ties a viewer's records together (docs/audit.md, "Journal line format"): the
/// admitting decision, the session's start and its end carry the same <c>trace_id</c>, and a
/// refused client's problem+json <c>traceId</c> is the <c>trace_id</c> of its refusal record.
/// </summary>
public sealed class AuditTraceTests
{
    [Fact]
    public async Task AdmittedSession_DecisionStartAndEnd_ShareTheTraceId()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);

        using var deleted = await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{admitted.Headers.Location}");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(r => Type(r) == "session.end")));

        var records = gateway.AuditRecords();
        var decision = records.Single(r => Type(r) == "access.decision" && r.GetProperty("decision").GetString() == "allow");
        var start = records.Single(r => Type(r) == "session.start");
        var end = records.Single(r => Type(r) == "session.end");
        var traceId = decision.GetProperty("trace_id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal(traceId, start.GetProperty("trace_id").GetString());
        Assert.Equal(traceId, end.GetProperty("trace_id").GetString());
        Assert.Equal(decision.GetProperty("session_id").GetString(), end.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Refusal_ProblemTraceId_IsTheRecordsTraceId()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var refused = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;

        var decision = gateway.Decisions().Single();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(decision.GetProperty("trace_id").GetString(), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task ClientTraceparent_NotContinued_TheGatewayChoosesTheTraceId()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        const string Chosen = "4bf92f3577b34da6a3ce929d0e0e4736";
        var headers = new Dictionary<string, string> { ["traceparent"] = $"00-{Chosen}-00f067aa0ba902b7-01" };

        using var refused = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", headers: headers);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;

        var traceId = gateway.Decisions().Single().GetProperty("trace_id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.NotEqual(Chosen, traceId);
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
    }

    private static string? Type(JsonElement record) => record.GetProperty("type").GetString();
}
