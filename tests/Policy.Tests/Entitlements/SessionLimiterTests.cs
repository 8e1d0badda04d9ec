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

    private static EntitlementResult Anonymous(int? max = 20, int? perLink = 4, int? perSource = 4) =>
        new(SecureStream.Policy.Access.AccessReason.Allowed, EntitlementTable.AnonymousKey, max) { MaxSessionsPerLink = perLink, MaxSessionsPerSource = perSource };

    [Fact]
    public void TryAcquire_OneLinkHeldByManyRequests_StopsAtItsShareAndOtherLinksStillFit()
    {
        var attacker = System.Net.IPAddress.Parse("198.51.100.2");
        var taken = Enumerable.Range(0, 1000).Count(n => _limiter.TryAcquire(Anonymous(), "sha256:one-link", System.Net.IPAddress.Parse($"198.51.100.{Random.Shared.Next(1, 250)}"), out _, out _));

        Assert.Equal(4, taken);
        Assert.False(_limiter.TryAcquire(Anonymous(), "sha256:one-link", attacker, out _, out var refusal));
        Assert.Equal("per-link share full", refusal);
        Assert.True(_limiter.TryAcquire(Anonymous(), "sha256:own-link", System.Net.IPAddress.Parse("192.0.2.1"), out _, out _));
    }

    [Fact]
    public void TryAcquire_OneSourceWithManyLinks_StopsAtItsShare()
    {
        var attacker = System.Net.IPAddress.Parse("198.51.100.2");
        var taken = Enumerable.Range(0, 1000).Count(i => _limiter.TryAcquire(Anonymous(), "sha256:link-" + i, attacker, out _, out _));

        Assert.Equal(4, taken);
        Assert.False(_limiter.TryAcquire(Anonymous(), "sha256:fresh", attacker, out _, out var refusal));
        Assert.Equal("per-source share full", refusal);
        Assert.True(_limiter.TryAcquire(Anonymous(), "sha256:fresh", System.Net.IPAddress.Parse("192.0.2.1"), out _, out _));
    }

    [Fact]
    public void TryAcquire_Ipv6AddressesOfOneSlash64_ShareOneSourceCount()
    {
        var taken = Enumerable.Range(1, 1000).Count(i => _limiter.TryAcquire(Anonymous(), "sha256:link-" + i, System.Net.IPAddress.Parse($"2001:db8:1:2::{i:x}"), out _, out _));

        Assert.Equal(4, taken);
        Assert.Equal(4, _limiter.ActiveCount(EntitlementTable.AnonymousKey, System.Net.IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.True(_limiter.TryAcquire(Anonymous(), "sha256:other", System.Net.IPAddress.Parse("2001:db8:1:3::1"), out _, out _));
    }

    [Fact]
    public void TryAcquire_Ipv4MappedAddress_CountsAsItsIpv4Source()
    {
        Assert.True(_limiter.TryAcquire(Anonymous(perSource: 1), "a", System.Net.IPAddress.Parse("192.0.2.9"), out _, out _));

        Assert.False(_limiter.TryAcquire(Anonymous(perSource: 1), "b", System.Net.IPAddress.Parse("::ffff:192.0.2.9"), out _, out var refusal));
        Assert.Equal("per-source share full", refusal);
    }

    [Fact]
    public void Dispose_ReleasesPoolLinkAndSourceShares_AndForgetsEmptyEntries()
    {
        var client = System.Net.IPAddress.Parse("192.0.2.1");
        var leases = Enumerable.Range(0, 4).Select(n => { Assert.True(_limiter.TryAcquire(Anonymous(), "l", client, out var lease, out _)); return lease!; }).ToList();
        Assert.False(_limiter.TryAcquire(Anonymous(), "l", client, out _, out _));

        leases.ForEach(lease => { lease.Dispose(); lease.Dispose(); });

        Assert.Equal(0, _limiter.ActiveCount(EntitlementTable.AnonymousKey));
        Assert.Equal(0, _limiter.ActiveCount(EntitlementTable.AnonymousKey, client));
        Assert.True(_limiter.TryAcquire(Anonymous(), "l", client, out _, out _));
    }

    [Fact]
    public async Task TryAcquire_ParallelContentionOnOneLink_ExactlyItsShareSucceeds()
    {
        const int contenders = 64;
        var leases = new ConcurrentBag<SessionLease>();
        using var start = new Barrier(contenders);
        var tasks = Enumerable.Range(0, contenders).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                if (_limiter.TryAcquire(Anonymous(perSource: null), "one", System.Net.IPAddress.Parse($"192.0.2.{i + 1}"), out var lease, out _))
                {
                    leases.Add(lease);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        await Task.WhenAll(tasks);

        Assert.Equal(4, leases.Count);
        Assert.Equal(4, _limiter.ActiveCount(EntitlementTable.AnonymousKey));
    }
}
