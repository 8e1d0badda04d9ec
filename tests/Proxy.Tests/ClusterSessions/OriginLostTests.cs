using System.Net;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>
/// An origin the health checks mark down takes its sessions with it (docs/cluster.md, "Sessions
/// across nodes"): each ends <c>origin_lost</c> at once — one closing webhook and one
/// <c>session.end</c> each — without waiting for a report the dead origin cannot send.
/// </summary>
public sealed class OriginLostTests
{
    private static readonly string[] Cam1 = ["app/cam1"];

    [Fact]
    public async Task OriginStops_ItsSessionsEndOriginLost_OneClosingAndOneRecordEach()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Origin:HealthCheck:IntervalMs"] = "500",
                ["Origin:HealthCheck:TimeoutMs"] = "400",
                ["Origin:HealthCheck:FailureThreshold"] = "1",
            },
            webhook: true);
        using var first = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", bearer: TestTokens.Issue(gateway, "alice", Cam1));
        using var second = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", bearer: TestTokens.Issue(gateway, "alice", Cam1));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var sessions = gateway.Sessions.All.ToList();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, session => Assert.Equal(gateway.Origin.BaseAddress.TrimEnd('/'), session.Origin?.TrimEnd('/')));

        await gateway.Origin.StopAsync();

        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => SessionEnds(gateway).Count() >= 2, 30_000),
            "the lost origin's sessions did not end");
        await Task.Delay(ExactlyOnce.Moment);
        var ends = SessionEnds(gateway).ToList();
        Assert.Equal(2, ends.Count);
        Assert.All(ends, end => Assert.Equal("origin_lost", end.GetProperty("end_reason").GetString()));
        Assert.Equal(sessions.Select(s => s.Id).Order(), ends.Select(e => e.GetProperty("session_id").GetString()).Order());
        Assert.Equal(2, gateway.Webhook.Closings.Count());
        Assert.Empty(gateway.Sessions.All);
    }

    private static IEnumerable<System.Text.Json.JsonElement> SessionEnds(GatewayUnderTest gateway) =>
        gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end");
}
