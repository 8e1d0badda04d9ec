using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Tests.Cluster;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>
/// The live session list across two real front doors on one real redis-server (docs/cluster.md,
/// "Sessions across nodes"): either lists both nodes' sessions with their node, and a kick through
/// one ends a session the other admitted — one closing webhook, one <c>session.end</c>, in the
/// admitting node's journal.
/// </summary>
public sealed class SessionsAcrossFrontDoorsTests
{
    private static readonly string[] Cam1 = ["app/cam1"];
    private static readonly string[] Cam2 = ["app/cam2"];

    [Fact]
    public async Task EitherFrontDoor_ListsEverySession_WithItsNode()
    {
        await using var pair = await ClusterPair.StartAsync();
        using var onA = await ClusterPair.OfferAsync(pair.A, "app/cam1", TestTokens.Issue(pair.A, "alice", Cam1));
        using var onB = await ClusterPair.OfferAsync(pair.B, "app/cam2", TestTokens.Issue(pair.A, "bob", Cam2));
        await GateProbe.AssertCreatedAsync(onA);
        await GateProbe.AssertCreatedAsync(onB);
        var sessionA = Assert.Single(pair.A.Sessions.All).Id;
        var sessionB = Assert.Single(pair.B.Sessions.All).Id;

        foreach (var door in new[] { pair.A, pair.B })
        {
            var listed = await ListAsync(door);
            Assert.Equal(2, listed.Count);
            Assert.Equal("node-a", listed.Single(s => s.GetProperty("id").GetString() == sessionA).GetProperty("node").GetString());
            Assert.Equal("node-b", listed.Single(s => s.GetProperty("id").GetString() == sessionB).GetProperty("node").GetString());
            Assert.Equal("app/cam2", listed.Single(s => s.GetProperty("id").GetString() == sessionB).GetProperty("camera").GetString());
        }
    }

    [Fact]
    public async Task KickThroughB_OfASessionAdmittedByA_EndsIt_OneClosingOneRecord_CredentialBarred()
    {
        await using var pair = await ClusterPair.StartAsync(webhook: true);
        var token = TestTokens.Issue(pair.A, "alice", Cam1, linkId: "kick-through-b");
        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam1", token);
        await GateProbe.AssertCreatedAsync(admitted);
        var session = Assert.Single(pair.A.Sessions.All);

        using var kick = await pair.B.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id);

        Assert.Equal(HttpStatusCode.Accepted, kick.StatusCode);
        Assert.Contains("node-a", await kick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var end = await ExactlyOnce.SingleAsync(
            () => pair.A.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end"), "session.end record on A", 30_000);
        Assert.Equal("kicked", end.GetProperty("end_reason").GetString());
        Assert.Equal(session.Id, end.GetProperty("session_id").GetString());
        var kickedRecord = Assert.Single(pair.A.AuditRecords(), r => r.GetProperty("type").GetString() == "session.kicked");
        Assert.Equal(session.Id, kickedRecord.GetProperty("session_id").GetString());
        Assert.Equal("127.0.0.1", kickedRecord.GetProperty("admin_ip").GetString());
        Assert.Equal("node-b", kickedRecord.GetProperty("via_node").GetString());
        await ExactlyOnce.SingleAsync(() => pair.A.Webhook.Closings, "closing webhook");
        Assert.Empty(pair.B.Webhook.Closings);
        Assert.DoesNotContain(pair.B.AuditRecords(), r => r.GetProperty("type").GetString() == "session.end");
        Assert.True(session.EndedToken.IsCancellationRequested);

        // Gone from every list, and its credential is barred on both front doors.
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () => (await ListAsync(pair.B)).Count == 0), "the kicked session stayed listed");
        var before = GateProbe.Mark(pair.B);
        using var refused = await ClusterPair.OfferAsync(pair.B, "app/cam1", token);
        await GateProbe.AssertDeniedAsync(pair.B, before, refused, 403, "credential_kicked");
    }

    [Fact]
    public async Task KickOfAnUnknownSession_NotFoundOnEveryFrontDoor()
    {
        await using var pair = await ClusterPair.StartAsync();
        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam1", TestTokens.Issue(pair.A, "alice", Cam1));
        await GateProbe.AssertCreatedAsync(admitted);

        using var kick = await pair.B.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/no-such-session");

        Assert.Equal(HttpStatusCode.NotFound, kick.StatusCode);
        Assert.Single(pair.A.Sessions.All, session => !session.HasEnded);
    }

    private static async Task<List<JsonElement>> ListAsync(GatewayUnderTest door)
    {
        using var response = await door.SendManagementAsync(HttpMethod.Get, "/v1/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. body.GetProperty("response").EnumerateArray().Select(e => e.Clone())];
    }
}
