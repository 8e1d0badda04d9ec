using SecureStream.Media.Tests.Cameras;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Policy.Redis;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>Redis gone: every shared-state call fails closed within its bound, logged once per outage and once on recovery.</summary>
public sealed class SharedStateOutageTests
{
    [Fact]
    public async Task RedisKilled_CallsThrowUnavailable_OneWarning_ThenRecovery()
    {
        await using var server = await RedisServer.StartAsync();
        var logger = new CapturingLogger<SharedState>();
        await using var shared = SharedStateFixture.Connect(server.Endpoint, operationTimeoutMs: 1000, logger: logger);
        var registry = new RedisLinkUseRegistry(shared, TimeProvider.System);
        Assert.True(await registry.TryUseAsync("jwt:before", 1, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));

        await server.KillAsync();
        for (var i = 0; i < 5; i++)
        {
            // The guard only keeps a hang from blocking the run; the claim is the exception.
            await Assert.ThrowsAsync<SharedStateUnavailableException>(() =>
                registry.TryUseAsync("jwt:during-" + i, 1, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Single(logger.Entries, e => e.EventId.Id == 1841);
        Assert.DoesNotContain(logger.Entries, e => e.EventId.Id == 1842);

        await server.RestartAsync();
        var answered = await Functional.Infrastructure.GatewayUnderTest.EventuallyAsync(async () =>
        {
            try
            {
                return await registry.TryUseAsync("jwt:after", 1000, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
            }
            catch (SharedStateUnavailableException)
            {
                return false;
            }
        }, 60_000);

        Assert.True(answered);
        Assert.Single(logger.Entries, e => e.EventId.Id == 1841);
        Assert.Single(logger.Entries, e => e.EventId.Id == 1842 && e.Level == Microsoft.Extensions.Logging.LogLevel.Information);
    }
}
