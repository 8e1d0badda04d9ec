using System.Net;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// docs/cluster.md, "Shared state in Redis": two front door processes on one redis-server count one
/// operator's <c>maxSessions</c> and one link's uses together. A session admitted through one front
/// door fills the operator's cap on the other (429 <c>session_limit</c>, <c>pool full</c>) until it
/// ends; a single-use link works once across both (401 <c>link_reused</c>).
/// </summary>
public sealed class SharedLimitsAcrossFrontDoorsTests
{
    [Fact]
    public async Task OperatorMaxSessionsAndSingleUseLink_HoldAcrossTwoFrontDoorProcesses()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions
            {
                Origins = 1,
                CameraSettings = ClusterUnderTest.CameraSettingsFor(camera),
                Policy = policy =>
                {
                    policy["operators"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "id": "alice", "groups": ["demo-viewers"], "maxSessions": 1 }]""");
                    policy["links"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "maxUsesPerLinkId": 1 }""");
                },
            },
            timeout.Token);
        var (a, b) = (cluster.FrontDoors[0], cluster.FrontDoors[1]);
        using var http = new HttpClient();

        // alice is admitted through A (her offer answered by the origin).
        var admittedOnA = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(a, "demo/h264/whep", subject: "alice", linkId: "alice-1"), timeout.Token);
        Assert.True(admittedOnA.Status == HttpStatusCode.Created, $"{admittedOnA}\n{cluster.Describe()}");

        // Through B, with a link of her own, she is at her cap: the lease A took is in Redis.
        var refused = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(b, "demo/h264/whep", subject: "alice", linkId: "alice-2"), timeout.Token);
        Assert.True((HttpStatusCode.TooManyRequests, "session_limit") == (refused.Status, refused.Reason), $"{refused}\n{cluster.Describe()}");
        var deny = ClusterUnderTest.AuditRecords(b).Last(r => r.GetProperty("type").GetString() == "access.decision");
        Assert.Equal(("deny", "session_limit", "pool full", "fd-b"), (
            deny.GetProperty("decision").GetString(), deny.GetProperty("reason").GetString(),
            deny.GetProperty("detail").GetString(), deny.GetProperty("node").GetString()));

        // She hangs up on A (WHEP DELETE through A); B admits her then.
        await ClusterUnderTest.HangUpAsync(http, admittedOnA, timeout.Token);
        var again = cluster.SignedLink(b, "demo/h264/whep", subject: "alice", linkId: "alice-3");
        WhepOffer? admitted = null;
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(async () => (admitted = await ClusterUnderTest.OfferAsync(http, again, timeout.Token)).Status == HttpStatusCode.Created, 60_000),
            $"B did not admit alice after her session on A ended: {admitted}\n{cluster.Describe()}");
        await ClusterUnderTest.HangUpAsync(http, admitted!, timeout.Token);

        // A single-use link: admitted once through A, refused through B and through A again.
        var once = "demo/h264/whep";
        var first = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(a, once, linkId: "once-1"), timeout.Token);
        Assert.True(first.Status == HttpStatusCode.Created, $"{first}\n{cluster.Describe()}");
        var onB = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(b, once, linkId: "once-1"), timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "link_reused"), (onB.Status, onB.Reason));
        var onA = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(a, once, linkId: "once-1"), timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "link_reused"), (onA.Status, onA.Reason));
        await ClusterUnderTest.HangUpAsync(http, first, timeout.Token);
    }
}
