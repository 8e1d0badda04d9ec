using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// The limits hold across two front doors sharing one redis-server: a single-use link, an
/// operator's maxSessions, a lockout, a kick; and with Redis gone new admissions are refused 503
/// <c>shared_state_unavailable</c> while a session admitted before keeps going.
/// </summary>
public sealed class ClusterGatewayTests
{
    private static readonly string[] Cam1 = ["app/cam1"];
    private static readonly string[] Cam2 = ["app/cam2"];

    [Fact]
    public async Task SingleUseLink_WorksOnceAcrossFrontDoors()
    {
        await using var pair = await ClusterPair.StartAsync(policy => policy["links"] = new { maxUsesPerLinkId = 1 });
        var token = TestTokens.Issue(pair.A, "bob", Cam2, linkId: "once-1");

        using var first = await ClusterPair.OfferAsync(pair.A, "app/cam2", token);
        await GateProbe.AssertCreatedAsync(first);

        var before = GateProbe.Mark(pair.B);
        using var second = await ClusterPair.OfferAsync(pair.B, "app/cam2", token);
        await GateProbe.AssertDeniedAsync(pair.B, before, second, 401, "link_reused");
    }

    [Fact]
    public async Task ParallelFirstUses_OfASingleUseLink_AcrossTwoFrontDoors_ExactlyOneAccepted()
    {
        await using var pair = await ClusterPair.StartAsync(
            policy => policy["links"] = new { maxUsesPerLinkId = 1 },
            new Dictionary<string, string?> { ["Listeners:Http:MaxConnectionsPerAddress"] = "1024" });
        var token = TestTokens.Issue(pair.A, "bob", Cam2, linkId: "race-1");
        var doors = new[] { pair.A, pair.B };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await ClusterPair.OfferAsync(doors[i % 2], "app/cam2", token);
            return ((int)response.StatusCode, GateProbe.ReasonOf(await response.Content.ReadAsStringAsync()));
        }));

        await Task.Delay(ExactlyOnce.Moment);
        Assert.Single(statuses, s => s.Item1 == 201);
        Assert.All(statuses.Where(s => s.Item1 != 201), s => Assert.Equal((401, "link_reused"), s));
        Assert.Equal(1, pair.A.Origin.Hits.Count + pair.B.Origin.Hits.Count);
    }

    [Fact]
    public async Task MaxSessionsOne_AdmittedThroughA_RefusedThroughB_UntilTheSessionEnds()
    {
        await using var pair = await ClusterPair.StartAsync(policy => policy["operators"] = new object[]
        {
            new { id = "alice", cameras = Cam1, maxSessions = 1 },
            new { id = "bob", cameras = Cam2 },
        });
        var token = TestTokens.Issue(pair.A, "alice", Cam1);

        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam1", token);
        await GateProbe.AssertCreatedAsync(admitted);

        var before = GateProbe.Mark(pair.B);
        using (var refused = await ClusterPair.OfferAsync(pair.B, "app/cam1", token))
        {
            await GateProbe.AssertDeniedAsync(pair.B, before, refused, 429, "session_limit");
        }

        Assert.Equal("pool full", pair.B.Decisions()[^1].GetProperty("detail").GetString());

        using var hangUp = await pair.A.Client.DeleteAsync($"http://127.0.0.1:{pair.A.HttpPort}{admitted.Headers.Location}");
        Assert.Equal(HttpStatusCode.OK, hangUp.StatusCode);
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () =>
            await pair.Redis.QueryAsync("ZCARD", ClusterPair.KeyPrefix + "sessions:op:alice") == "0"), "the ended session's lease stayed in Redis");

        var again = GateProbe.Mark(pair.B);
        using var readmitted = await ClusterPair.OfferAsync(pair.B, "app/cam1", token);
        await GateProbe.AssertCreatedAsync(readmitted);
        GateProbe.AssertAdmitted(pair.B, again, "/app/cam1/whep");
    }

    [Fact]
    public async Task SourceLockedOutThroughA_IsRefusedByB_AndLiftedThroughBForA()
    {
        await using var pair = await ClusterPair.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gate:Lockout:Enabled"] = "true",
            ["Gate:Lockout:Threshold"] = "2",
        });
        var token = TestTokens.Issue(pair.A, "bob", Cam2);
        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        for (var i = 0; i < 3; i++)
        {
            using var refused = await ClusterPair.OfferAsync(pair.A, "app/cam2", forged);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Contains(pair.A.AuditRecords(), r => r.GetProperty("type").GetString() == "source.locked_out");

        var before = GateProbe.Mark(pair.B);
        using (var locked = await ClusterPair.OfferAsync(pair.B, "app/cam2", token))
        {
            await GateProbe.AssertDeniedAsync(pair.B, before, locked, 429, "locked_out");
        }

        using var list = await pair.B.SendManagementAsync(HttpMethod.Get, "/v1/lockouts");
        Assert.Contains("\"127.0.0.1\"", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var lift = await pair.B.SendManagementAsync(HttpMethod.Delete, "/v1/lockouts/127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, lift.StatusCode);

        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam2", token);
        await GateProbe.AssertCreatedAsync(admitted);
    }

    [Fact]
    public async Task CredentialBarredByAKickOnA_IsRefusedOnB()
    {
        await using var pair = await ClusterPair.StartAsync();
        var token = TestTokens.Issue(pair.A, "alice", Cam1, linkId: "kick-me");
        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam1", token);
        await GateProbe.AssertCreatedAsync(admitted);
        var session = Assert.Single(pair.A.Sessions.All);

        using var kick = await pair.A.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id);
        Assert.Equal(HttpStatusCode.OK, kick.StatusCode);

        var before = GateProbe.Mark(pair.B);
        using var refused = await ClusterPair.OfferAsync(pair.B, "app/cam1", token);
        await GateProbe.AssertDeniedAsync(pair.B, before, refused, 403, "credential_kicked");

        // B asked for the lease beside the kick check (one round trip): the refused credential
        // gives it back at once, it does not hold a place in the pool for the lease's 30 s.
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () =>
            await pair.Redis.QueryAsync("ZCARD", ClusterPair.KeyPrefix + "sessions:op:alice") == "0"), "the kicked credential's lease stayed in Redis");
    }

    [Fact]
    public async Task RedisStopped_NewAdmissionsRefused503_LiveSessionKeeps_RedisBack_AdmissionsResume()
    {
        await using var pair = await ClusterPair.StartAsync();
        using var admitted = await ClusterPair.OfferAsync(pair.A, "app/cam1", TestTokens.Issue(pair.A, "alice", Cam1));
        await GateProbe.AssertCreatedAsync(admitted);
        var live = Assert.Single(pair.A.Sessions.All);
        using var leaving = await ClusterPair.OfferAsync(pair.A, "app/cam1", TestTokens.Issue(pair.A, "alice", Cam1));
        await GateProbe.AssertCreatedAsync(leaving);

        await pair.Redis.KillAsync();

        // A viewer can still hang up: its DELETE admits nothing, so it needs no shared state.
        using var hangUp = await pair.A.Client.DeleteAsync($"http://127.0.0.1:{pair.A.HttpPort}{leaving.Headers.Location}");
        Assert.Equal(HttpStatusCode.OK, hangUp.StatusCode);
        Assert.Single(pair.A.Sessions.All, session => !session.HasEnded);

        foreach (var door in new[] { pair.B, pair.A })
        {
            var before = GateProbe.Mark(door);
            using var refused = await ClusterPair.OfferAsync(door, "app/cam2", TestTokens.Issue(pair.A, "bob", Cam2));
            await GateProbe.AssertDeniedAsync(door, before, refused, 503, "shared_state_unavailable");
            Assert.True(refused.Headers.Contains("Retry-After"));
        }

        // A lease refresh that fails ends nothing: the session admitted before keeps playing.
        var counter = pair.A.Services.GetRequiredService<RedisSessionCounter>();
        await counter.RefreshAllAsync(CancellationToken.None);
        Assert.False(live.HasEnded);
        Assert.True(pair.A.Sessions.TryGet(live.Id, out _));

        await pair.Redis.RestartAsync();
        var resumed = await GatewayUnderTest.EventuallyAsync(async () =>
        {
            using var response = await ClusterPair.OfferAsync(pair.B, "app/cam2", TestTokens.Issue(pair.A, "bob", Cam2));
            return response.StatusCode == HttpStatusCode.Created;
        }, 60_000);
        Assert.True(resumed, "admissions did not resume after Redis came back");

        // Redis came back empty; the live session's next refresh counts it again.
        await counter.RefreshAllAsync(CancellationToken.None);
        Assert.Equal("1", await pair.Redis.QueryAsync("ZCARD", ClusterPair.KeyPrefix + "sessions:op:alice"));
        Assert.False(live.HasEnded);
    }
}
