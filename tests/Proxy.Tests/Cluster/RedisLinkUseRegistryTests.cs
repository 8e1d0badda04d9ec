using SecureStream.Media.Tests.Cameras;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>The link-use script against a real redis-server: counts, expiry, and one winner under a race across two connections.</summary>
public sealed class RedisLinkUseRegistryTests
{
    [Fact]
    public async Task CountsUpToMaxUses_ThenRefuses_PerLinkId()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var registry = new RedisLinkUseRegistry(shared, TimeProvider.System);
        var forgetAfter = DateTimeOffset.UtcNow.AddMinutes(5);

        Assert.True(await registry.TryUseAsync("jwt:a", 2, forgetAfter, CancellationToken.None));
        Assert.True(await registry.TryUseAsync("jwt:a", 2, forgetAfter, CancellationToken.None));
        Assert.False(await registry.TryUseAsync("jwt:a", 2, forgetAfter, CancellationToken.None));
        Assert.True(await registry.TryUseAsync("jwt:b", 2, forgetAfter, CancellationToken.None));

        // Unlimited stores nothing; an empty id is refused.
        Assert.True(await registry.TryUseAsync("jwt:c", 0, forgetAfter, CancellationToken.None));
        Assert.False(await registry.TryUseAsync(string.Empty, 1, forgetAfter, CancellationToken.None));
        Assert.Equal("0", await server.QueryAsync("EXISTS", "t:link:jwt:c"));
    }

    [Fact]
    public async Task Counter_ExpiresWithTheLinkPlusTheMargin_AndNeverShrinks()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var registry = new RedisLinkUseRegistry(shared, TimeProvider.System);

        await registry.TryUseAsync("sig:x", 3, DateTimeOffset.UtcNow.AddMinutes(10), CancellationToken.None);
        var ttl = long.Parse(await server.QueryAsync("PTTL", "t:link:sig:x"), System.Globalization.CultureInfo.InvariantCulture);
        // 10 minutes of link plus the 5-minute margin, less the time the call took.
        Assert.InRange(ttl, TimeSpan.FromMinutes(14).TotalMilliseconds, TimeSpan.FromMinutes(15).TotalMilliseconds);

        await registry.TryUseAsync("sig:x", 3, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        var after = long.Parse(await server.QueryAsync("PTTL", "t:link:sig:x"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(after > TimeSpan.FromMinutes(13).TotalMilliseconds, $"the expiry shrank to {after} ms");
    }

    [Fact]
    public async Task RacingFirstUses_FromTwoFrontDoors_ExactlyOneWins()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = SharedStateFixture.Connect(server.Endpoint, "node-a");
        await using var b = SharedStateFixture.Connect(server.Endpoint, "node-b");
        var registries = new[] { new RedisLinkUseRegistry(a, TimeProvider.System), new RedisLinkUseRegistry(b, TimeProvider.System) };
        var forgetAfter = DateTimeOffset.UtcNow.AddMinutes(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(async () => await registries[i % 2].TryUseAsync("jwt:once", 1, forgetAfter, CancellationToken.None))));

        Assert.Single(results, allowed => allowed);
        Assert.Equal("200", await server.QueryAsync("GET", "t:link:jwt:once"));
    }
}
