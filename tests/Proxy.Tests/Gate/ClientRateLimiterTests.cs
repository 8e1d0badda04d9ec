using System.Net;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class ClientRateLimiterTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Bob = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void TryAcquire_BurstThenRefillsAtRate()
    {
        var time = new FakeTimeProvider();
        var limiter = new ClientRateLimiter(requestsPerSecond: 2, burst: 3, time);

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire(Alice)));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcquire(Alice));
        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(limiter.TryAcquire(Alice));
        Assert.False(limiter.TryAcquire(Alice));
    }

    [Fact]
    public void TryAcquire_OneClientsFlood_DoesNotLimitAnother()
    {
        var limiter = new ClientRateLimiter(1, 1, new FakeTimeProvider());

        Assert.True(limiter.TryAcquire(Alice));
        Assert.False(limiter.TryAcquire(Alice));
        Assert.True(limiter.TryAcquire(Bob));
    }

    [Fact]
    public void TryAcquire_LongIdle_RefillsOnlyToBurst()
    {
        var time = new FakeTimeProvider();
        var limiter = new ClientRateLimiter(10, 2, time);
        limiter.TryAcquire(Alice);
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire(Alice)));
    }
}
