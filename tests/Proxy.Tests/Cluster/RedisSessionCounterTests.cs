using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>The session-lease scripts against a real redis-server: caps across nodes, release, lapse and refresh.</summary>
public sealed class RedisSessionCounterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static RedisSessionCounter Counter(SharedState shared) => new(shared, NullLogger<RedisSessionCounter>.Instance);

    private static EntitlementResult Alice(int? maxSessions, int? perLink = null, int? perSource = null) =>
        new(AccessReason.Allowed, "op:alice", maxSessions) { MaxSessionsPerLink = perLink, MaxSessionsPerSource = perSource };

    [Fact]
    public async Task PoolCap_HoldsAcrossTwoNodes_AndReleaseFreesThePlace()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var a = Counter(sharedA);
        var b = Counter(sharedB);

        var first = await a.TryAcquireAsync(Alice(2), "jti:1", Client, CancellationToken.None);
        var second = await b.TryAcquireAsync(Alice(2), "jti:2", Client, CancellationToken.None);
        var third = await a.TryAcquireAsync(Alice(2), "jti:3", Client, CancellationToken.None);

        Assert.NotNull(first.Lease);
        Assert.NotNull(second.Lease);
        Assert.Null(third.Lease);
        Assert.Equal(SessionPool.PoolFull, third.Refusal);
        Assert.Equal("2", await server.QueryAsync("ZCARD", "t:sessions:op:alice"));

        first.Lease!.Dispose();
        first.Lease.Dispose();
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () => await server.QueryAsync("ZCARD", "t:sessions:op:alice") == "1"));
        var again = await b.TryAcquireAsync(Alice(2), "jti:3", Client, CancellationToken.None);
        Assert.NotNull(again.Lease);
        Assert.Equal(0, a.Held);
        Assert.Equal(2, b.Held);
    }

    [Fact]
    public async Task LinkAndSourceShares_RefuseWithTheirOwnText()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var counter = Counter(shared);

        Assert.NotNull((await counter.TryAcquireAsync(Alice(null, perLink: 1, perSource: 2), "jti:1", Client, CancellationToken.None)).Lease);
        Assert.Equal(SessionPool.LinkShareFull, (await counter.TryAcquireAsync(Alice(null, perLink: 1, perSource: 2), "jti:1", Client, CancellationToken.None)).Refusal);
        Assert.NotNull((await counter.TryAcquireAsync(Alice(null, perLink: 1, perSource: 2), "jti:2", Client, CancellationToken.None)).Lease);
        Assert.Equal(SessionPool.SourceShareFull, (await counter.TryAcquireAsync(Alice(null, perLink: 1, perSource: 2), "jti:3", Client, CancellationToken.None)).Refusal);

        // IPv6 clients share by /64, as on one node.
        var v6 = Alice(null, perSource: 1);
        Assert.NotNull((await counter.TryAcquireAsync(v6, null, IPAddress.Parse("2001:db8:1:2::1"), CancellationToken.None)).Lease);
        Assert.Equal(SessionPool.SourceShareFull, (await counter.TryAcquireAsync(v6, null, IPAddress.Parse("2001:db8:1:2:ffff::9"), CancellationToken.None)).Refusal);
    }

    [Fact]
    public async Task AnonymousLinks_ShareOnePoolAndPerLinkShare_AcrossNodes()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var anonymous = new EntitlementResult(AccessReason.Allowed, EntitlementTable.AnonymousKey, 2) { MaxSessionsPerLink = 1, MaxSessionsPerSource = 4 };

        Assert.NotNull((await Counter(sharedA).TryAcquireAsync(anonymous, "sha256:aaaa", Client, CancellationToken.None)).Lease);
        Assert.Equal(SessionPool.LinkShareFull, (await Counter(sharedB).TryAcquireAsync(anonymous, "sha256:aaaa", Client, CancellationToken.None)).Refusal);
        Assert.NotNull((await Counter(sharedB).TryAcquireAsync(anonymous, "sha256:bbbb", Client, CancellationToken.None)).Lease);
        Assert.Equal(SessionPool.PoolFull, (await Counter(sharedA).TryAcquireAsync(anonymous, "sha256:cccc", Client, CancellationToken.None)).Refusal);
        Assert.Equal("2", await server.QueryAsync("ZCARD", "t:sessions:anonymous"));
    }

    [Fact]
    public async Task LapsedLease_OfADeadFrontDoor_NoLongerCounts()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var counter = Counter(shared);
        // A lease its holder stopped refreshing: it lapsed at 1970-01-01T00:00:00.001Z.
        Assert.Equal("1", await server.QueryAsync("ZADD", "t:sessions:op:alice", "1", "node-dead:0001"));

        var slot = await counter.TryAcquireAsync(Alice(1), "jti:1", Client, CancellationToken.None);

        Assert.NotNull(slot.Lease);
        Assert.Equal(string.Empty, await server.QueryAsync("ZSCORE", "t:sessions:op:alice", "node-dead:0001"));
    }

    [Fact]
    public async Task Refresh_PushesTheLapseOut_AndPutsBackALeaseLostInAnOutage()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var counter = Counter(shared);
        var slot = await counter.TryAcquireAsync(Alice(3), "jti:1", Client, CancellationToken.None);
        var lease = Assert.IsType<RedisSessionLease>(slot.Lease);

        // As if Redis had lost it (restarted empty, or an outage longer than the lifetime).
        await server.QueryAsync("DEL", "t:sessions:op:alice");
        await counter.RefreshAllAsync(CancellationToken.None);

        var score = double.Parse(await server.QueryAsync("ZSCORE", "t:sessions:op:alice", lease.Id), CultureInfo.InvariantCulture);
        var lapsesIn = DateTimeOffset.FromUnixTimeMilliseconds((long)score) - DateTimeOffset.UtcNow;
        Assert.InRange(lapsesIn, RedisSessionCounter.LeaseLifetime - TimeSpan.FromSeconds(10), RedisSessionCounter.LeaseLifetime + TimeSpan.FromSeconds(1));
        var keyTtl = long.Parse(await server.QueryAsync("PTTL", "t:sessions:op:alice"), CultureInfo.InvariantCulture);
        Assert.InRange(keyTtl, 1, (long)RedisSessionCounter.LeaseLifetime.TotalMilliseconds);

        // A released lease is not put back by a later refresh.
        lease.Dispose();
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () => await server.QueryAsync("EXISTS", "t:sessions:op:alice") == "0"));
        await counter.RefreshAllAsync(CancellationToken.None);
        Assert.Equal("0", await server.QueryAsync("EXISTS", "t:sessions:op:alice"));
    }

    [Fact]
    public async Task RacingAcquires_FromTwoNodes_NeverExceedTheCap()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var counters = new[] { Counter(sharedA), Counter(sharedB) };

        var slots = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(async () => await counters[i % 2].TryAcquireAsync(Alice(5), "jti:" + i, Client, CancellationToken.None))));

        Assert.Equal(5, slots.Count(slot => slot.Lease is not null));
        Assert.Equal("5", await server.QueryAsync("ZCARD", "t:sessions:op:alice"));
    }
}
