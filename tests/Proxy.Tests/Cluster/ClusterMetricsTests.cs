using System.Net;
using Microsoft.Extensions.Options;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Tests.Infrastructure;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>Against a real redis-server: failed shared-state commands are counted, and the cluster's lockouts are counted for the gauge without a scrape waiting on Redis.</summary>
public sealed class ClusterMetricsTests : IDisposable
{
    private readonly RecordingMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public async Task RedisKilled_EachFailedCommandCounted()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint, operationTimeoutMs: 1000, metrics: new ClusterMetrics(_meters));
        var registry = new RedisLinkUseRegistry(shared, TimeProvider.System);
        Assert.True(await registry.TryUseAsync("jwt:before", 1, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
        Assert.Equal(0, _meters.Sum("securestream.shared_state.failures"));

        await server.KillAsync();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<SharedStateUnavailableException>(() =>
                registry.TryUseAsync("jwt:during-" + i, 1, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(3, _meters.Sum("securestream.shared_state.failures"));
    }

    [Fact]
    public async Task CountActive_AnswersWithThePreviousCount_RefreshedInTheBackground()
    {
        await using var server = await RedisServer.StartAsync();
        await using var shared = SharedStateFixture.Connect(server.Endpoint);
        var lockouts = new RedisSourceLockouts(shared, Options.Create(new GateOptions { Lockout = new LockoutOptions { Threshold = 1, WindowSeconds = 60, DurationSeconds = 600 } }));
        var now = DateTimeOffset.UtcNow;
        foreach (var address in new[] { "198.51.100.7", "198.51.100.8" })
        {
            var source = ClientSource.Of(IPAddress.Parse(address));
            await lockouts.RecordFailureAsync(source, now, CancellationToken.None);
            Assert.NotNull(await lockouts.RecordFailureAsync(source, now, CancellationToken.None));
        }

        // The first call only starts the count; a later one answers with it.
        lockouts.CountActive(now);
        Assert.True(await Functional.Infrastructure.GatewayUnderTest.EventuallyAsync(() => lockouts.CountActive(now) == 2, 30_000));

        await lockouts.TryLiftAsync(ClientSource.Of(IPAddress.Parse("198.51.100.7")), now, CancellationToken.None);
        Assert.True(await Functional.Infrastructure.GatewayUnderTest.EventuallyAsync(() => lockouts.CountActive(now) == 1, 30_000));
    }
}
