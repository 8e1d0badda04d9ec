using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// A viewer's W3C <c>traceparent</c> (docs/audit.md, "Viewer trace context"): the webhook call
/// continues the viewer's trace (its trace id, the gateway's span id), the admission's records
/// carry it as <c>client_trace_id</c>, and the gateway's own trace id stays the records' key.
/// Anything but a well-formed version-00 value is ignored: the call and the records are as
/// without one.
/// </summary>
public sealed class ClientTraceContextTests
{
    private const string ViewerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ViewerParentId = "00f067aa0ba902b7";

    public static TheoryData<string, string> Malformed => new()
    {
        { "uppercase hex", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01" },
        { "version 01", $"01-{ViewerTraceId}-{ViewerParentId}-01" },
        { "version ff", $"ff-{ViewerTraceId}-{ViewerParentId}-01" },
        { "trace id all zeros", $"00-00000000000000000000000000000000-{ViewerParentId}-01" },
        { "parent id all zeros", $"00-{ViewerTraceId}-0000000000000000-01" },
        { "trace id short", $"00-{ViewerTraceId[..31]}-{ViewerParentId}-01" },
        { "trailing data", $"00-{ViewerTraceId}-{ViewerParentId}-01-extra" },
        { "not hex", $"00-{ViewerTraceId[..31]}g-{ViewerParentId}-01" },
        { "flags one digit", $"00-{ViewerTraceId}-{ViewerParentId}-1" },
        { "space inside", $"00-{ViewerTraceId[..31]} -{ViewerParentId}-01" },
        { "wrong separators", $"00_{ViewerTraceId}_{ViewerParentId}_01" },
        { "two values", $"00-{ViewerTraceId}-{ViewerParentId}-01, 00-{ViewerTraceId}-{ViewerParentId}-01" },
        { "empty", string.Empty },
    };

    [Fact]
    public async Task ViewerTraceparent_ReceiverContinuesTheViewersTrace_RecordsCarryIt_GatewayTraceStaysTheKey()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        var headers = new Dictionary<string, string> { ["traceparent"] = $"00-{ViewerTraceId}-{ViewerParentId}-01" };

        using var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), headers: headers);
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);

        // The receiver sees the viewer's trace, with the gateway's step as the parent.
        var opening = Assert.Single(gateway.Webhook.Openings);
        var sent = opening.Headers["traceparent"];
        Assert.Matches($"^00-{ViewerTraceId}-[0-9a-f]{{16}}-01$", sent);
        Assert.NotEqual(ViewerParentId, sent.Split('-')[2]);
        Assert.NotEqual("0000000000000000", sent.Split('-')[2]);

        using var deleted = await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{admitted.Headers.Location}");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(r => Type(r) == "session.end")));
        var records = gateway.AuditRecords();
        var decision = records.Single(r => Type(r) == "access.decision");
        var traceId = decision.GetProperty("trace_id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.NotEqual(ViewerTraceId, traceId);
        foreach (var type in new[] { "access.decision", "webhook.call", "session.start", "session.end" })
        {
            var record = records.Single(r => Type(r) == type);
            Assert.Equal(traceId, record.GetProperty("trace_id").GetString());
            Assert.Equal(ViewerTraceId, record.GetProperty("client_trace_id").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedTraceparent_Ignored_AsWithoutOne(string label, string value)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        var headers = new Dictionary<string, string> { ["traceparent"] = value };

        using var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), headers: headers);
        Assert.True(admitted.StatusCode == HttpStatusCode.Created, $"{label}: {admitted.StatusCode}");

        var records = gateway.AuditRecords();
        var decision = records.Single(r => Type(r) == "access.decision");
        var traceId = decision.GetProperty("trace_id").GetString();
        Assert.All(records, r => Assert.False(r.TryGetProperty("client_trace_id", out _), $"{label}: {r}"));
        // As today: the webhook call carries the gateway's own trace, never the client's value.
        var sent = Assert.Single(gateway.Webhook.Openings).Headers["traceparent"];
        Assert.Matches($"^00-{traceId}-[0-9a-f]{{16}}-[0-9a-f]{{2}}$", sent);
        Assert.DoesNotContain(ViewerTraceId, sent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refusal_ViewerTraceparent_NotRecorded()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var headers = new Dictionary<string, string> { ["traceparent"] = $"00-{ViewerTraceId}-{ViewerParentId}-01" };

        using var refused = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", headers: headers);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(gateway.Decisions().Single().TryGetProperty("client_trace_id", out _));
    }

    private static string? Type(JsonElement record) => record.GetProperty("type").GetString();
}
