using System.Net;
using Microsoft.Extensions.Options;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>The lockout and kick scripts against a real redis-server, seen from two nodes.</summary>
public sealed class RedisSourceLockoutsTests
{
    private static readonly ClientSource Source = ClientSource.Of(IPAddress.Parse("198.51.100.7"));

    private static RedisSourceLockouts Lockouts(SharedState shared, int threshold = 2) =>
        new(shared, Options.Create(new GateOptions { Lockout = new LockoutOptions { Threshold = threshold, WindowSeconds = 60, DurationSeconds = 600 } }));

    [Fact]
    public async Task FailuresCountAcrossNodes_OneStartsTheLockout_BothRefuse()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var a = Lockouts(sharedA);
        var b = Lockouts(sharedB);
        var now = DateTimeOffset.UtcNow;

        Assert.Null(await a.RecordFailureAsync(Source, now, CancellationToken.None));
        Assert.Null(await b.RecordFailureAsync(Source, now, CancellationToken.None));
        var started = await a.RecordFailureAsync(Source, now, CancellationToken.None);
        Assert.Null(await b.RecordFailureAsync(Source, now, CancellationToken.None));

        Assert.NotNull(started);
        Assert.Equal(3, started.Value.Failures);
        Assert.Equal(now.AddSeconds(600).ToUnixTimeMilliseconds(), started.Value.Until.ToUnixTimeMilliseconds());
        Assert.True(await b.IsLockedOutAsync(Source, now, CancellationToken.None));
        Assert.False(await b.IsLockedOutAsync(ClientSource.Of(IPAddress.Parse("198.51.100.8")), now, CancellationToken.None));
        var ttl = long.Parse(await server.QueryAsync("PTTL", "t:lockout:198.51.100.7"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 590_000, 600_000);

        var listed = Assert.Single(await b.ActiveAsync(now, CancellationToken.None));
        Assert.Equal((Source, 3), (listed.Source, listed.Failures));
    }

    [Fact]
    public async Task Lift_OnOneNode_EndsTheLockoutForAll_AndCountsAfresh()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var a = Lockouts(sharedA, threshold: 0);
        var b = Lockouts(sharedB, threshold: 0);
        var v6 = ClientSource.Of(IPAddress.Parse("2001:db8:7:7::1"));
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await a.RecordFailureAsync(v6, now, CancellationToken.None));

        var lifted = await b.TryLiftAsync(ClientSource.Of(IPAddress.Parse("2001:db8:7:7:abcd::5")), now, CancellationToken.None);

        Assert.Equal(v6, lifted?.Source);
        Assert.False(await a.IsLockedOutAsync(v6, now, CancellationToken.None));
        Assert.Empty(await a.ActiveAsync(now, CancellationToken.None));
        Assert.Null(await b.TryLiftAsync(v6, now, CancellationToken.None));
    }

    [Fact]
    public async Task KickedCredential_BarredOnOneNode_IsBarredOnTheOther_UntilItExpires()
    {
        await using var server = await RedisServer.StartAsync();
        await using var sharedA = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var sharedB = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var a = new RedisBarredCredentials(sharedA, TimeProvider.System);
        var b = new RedisBarredCredentials(sharedB, TimeProvider.System);

        await a.BarAsync("kid:hs-1 jti:k", DateTimeOffset.UtcNow.AddMinutes(3), CancellationToken.None);
        await a.BarAsync("sha256:abc", null, CancellationToken.None);
        await a.BarAsync(null, null, CancellationToken.None);

        Assert.True(await b.IsBarredAsync("kid:hs-1 jti:k", CancellationToken.None));
        Assert.False(await b.IsBarredAsync("kid:hs-1 jti:other", CancellationToken.None));
        Assert.False(await b.IsBarredAsync(null, CancellationToken.None));
        var ttl = long.Parse(await server.QueryAsync("PTTL", "t:kicked:kid:hs-1 jti:k"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 170_000, 180_000);
        var dayTtl = long.Parse(await server.QueryAsync("PTTL", "t:kicked:sha256:abc"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(dayTtl, KickedCredentials.WithoutExpiry.TotalMilliseconds - 60_000, KickedCredentials.WithoutExpiry.TotalMilliseconds);
    }
}
