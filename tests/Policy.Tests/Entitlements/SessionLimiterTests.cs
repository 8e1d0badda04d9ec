using System.Collections.Concurrent;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

public sealed class SessionLimiterTests
{
    private readonly SessionLimiter _limiter = new();

    [Fact]
    public async Task TryAcquire_ParallelContention_ExactlyCapSucceed()
    {
        const int cap = 7;
        const int contenders = 64;
        var leases = new ConcurrentBag<SessionLease>();
        using var start = new Barrier(contenders);

        var tasks = Enumerable.Range(0, contenders).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                if (_limiter.TryAcquire("op:alice", cap, out var lease))
                {
                    leases.Add(lease);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        await Task.WhenAll(tasks);

        Assert.Equal(cap, leases.Count);
        Assert.Equal(cap, _limiter.ActiveCount("op:alice"));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(0, _limiter.ActiveCount("op:alice"));
    }

    [Fact]
    public void TryAcquire_AtCap_RefusedUntilOneReleased()
    {
        Assert.True(_limiter.TryAcquire("op:a", 2, out var first));
        Assert.True(_limiter.TryAcquire("op:a", 2, out _));

        Assert.False(_limiter.TryAcquire("op:a", 2, out var refused));
        Assert.Null(refused);

        first.Dispose();
        Assert.True(_limiter.TryAcquire("op:a", 2, out _));
    }

    [Fact]
    public void Dispose_Twice_ReleasesOnce()
    {
        Assert.True(_limiter.TryAcquire("op:a", 2, out var first));
        Assert.True(_limiter.TryAcquire("op:a", 2, out _));

        first.Dispose();
        first.Dispose();

        Assert.True(first.IsReleased);
        Assert.Equal(1, _limiter.ActiveCount("op:a"));
        Assert.True(_limiter.TryAcquire("op:a", 2, out _));
        Assert.False(_limiter.TryAcquire("op:a", 2, out _));
    }

    [Fact]
    public void Dispose_FromManyThreadsAtOnce_ReleasesOnce()
    {
        Assert.True(_limiter.TryAcquire("op:a", 5, out _));
        Assert.True(_limiter.TryAcquire("op:a", 5, out var lease));

        Parallel.For(0, 32, _ => lease.Dispose());

        Assert.Equal(1, _limiter.ActiveCount("op:a"));
    }

    [Fact]
    public void TryAcquire_NoCap_AlwaysSucceedsAndCounts()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True(_limiter.TryAcquire("op:a", null, out _));
        }

        Assert.Equal(100, _limiter.ActiveCount("op:a"));
    }

    [Fact]
    public void TryAcquire_ZeroCap_Refused()
    {
        Assert.False(_limiter.TryAcquire("anonymous", 0, out _));
        Assert.Equal(0, _limiter.ActiveCount("anonymous"));
    }

    [Fact]
    public void TryAcquire_DifferentKeys_IndependentCounts()
    {
        Assert.True(_limiter.TryAcquire("op:a", 1, out _));

        Assert.True(_limiter.TryAcquire("op:b", 1, out _));
        Assert.True(_limiter.TryAcquire("anonymous", 1, out _));
        Assert.False(_limiter.TryAcquire("op:a", 1, out _));
        Assert.Equal(0, _limiter.ActiveCount("op:never-seen"));
    }

    [Fact]
    public void TryAcquire_CapLoweredByReload_RefusesNewKeepsExisting()
    {
        Assert.True(_limiter.TryAcquire("op:a", 3, out var one));
        Assert.True(_limiter.TryAcquire("op:a", 3, out _));

        Assert.False(_limiter.TryAcquire("op:a", 1, out _));
        Assert.Equal(2, _limiter.ActiveCount("op:a"));
        one.Dispose();
        Assert.False(_limiter.TryAcquire("op:a", 1, out _));
    }

    [Fact]
    public void TryAcquire_EmptyKey_Throws() =>
        Assert.Throws<ArgumentException>(() => _limiter.TryAcquire(string.Empty, 1, out _));
}
