using System.Net;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Tests.Lockout;

public sealed class SourceLockoutTests
{
    private static readonly ClientSource Alice = ClientSource.Of(IPAddress.Parse("192.0.2.1"));
    private static readonly ClientSource Bob = ClientSource.Of(IPAddress.Parse("192.0.2.2"));

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RecordFailure_OneMoreThanThreshold_LocksOutExactlyOnce()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 5, WindowSeconds = 60, DurationSeconds = 600 });

        var starts = Enumerable.Range(0, 5000).Select(_ => lockout.RecordFailure(Alice, _time.GetUtcNow())).Where(s => s is not null).ToList();

        var start = Assert.Single(starts)!.Value;
        Assert.Equal((Alice, 6, _time.GetUtcNow().AddSeconds(600)), (start.Source, start.Failures, start.Until));
        Assert.True(lockout.IsLockedOut(Alice, _time.GetUtcNow()));
        Assert.False(lockout.IsLockedOut(Bob, _time.GetUtcNow()));
    }

    [Fact]
    public void RecordFailure_SpreadOverWindows_NeverLocksOut()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 5, WindowSeconds = 60 });

        for (var i = 0; i < 50; i++)
        {
            Assert.Null(lockout.RecordFailure(Alice, _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromSeconds(13));
        }

        Assert.False(lockout.IsLockedOut(Alice, _time.GetUtcNow()));
    }

    [Fact]
    public void IsLockedOut_AfterDuration_EndsAndCountsAfresh()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 1, WindowSeconds = 60, DurationSeconds = 30 });
        lockout.RecordFailure(Alice, _time.GetUtcNow());
        Assert.NotNull(lockout.RecordFailure(Alice, _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(lockout.IsLockedOut(Alice, _time.GetUtcNow()));
        Assert.Null(lockout.RecordFailure(Alice, _time.GetUtcNow()));
        Assert.NotNull(lockout.RecordFailure(Alice, _time.GetUtcNow()));
    }

    [Fact]
    public void TryLift_LockedSource_EndsItAndListsNoMore()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 1 });
        lockout.RecordFailure(Alice, _time.GetUtcNow());
        lockout.RecordFailure(Alice, _time.GetUtcNow());
        Assert.Equal([Alice], lockout.Active(_time.GetUtcNow()).Select(s => s.Source));

        Assert.True(lockout.TryLift(Alice, _time.GetUtcNow(), out var lifted));

        Assert.Equal(2, lifted.Failures);
        Assert.Empty(lockout.Active(_time.GetUtcNow()));
        Assert.False(lockout.IsLockedOut(Alice, _time.GetUtcNow()));
        Assert.False(lockout.TryLift(Alice, _time.GetUtcNow(), out _));
    }

    [Fact]
    public void RecordFailure_TableFull_PrunesEndedEntriesOncePerWindowAndNeverEvictsALockout()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 1, WindowSeconds = 10, DurationSeconds = 600, MaxSources = 16 });
        lockout.RecordFailure(Alice, _time.GetUtcNow());
        lockout.RecordFailure(Alice, _time.GetUtcNow());
        for (var i = 0; i < 5000; i++)
        {
            lockout.RecordFailure(Source(i), _time.GetUtcNow());
        }

        Assert.Equal(16, lockout.Tracked);
        _time.Advance(TimeSpan.FromSeconds(10));
        lockout.RecordFailure(Source(9999), _time.GetUtcNow());

        Assert.Equal(2, lockout.Tracked);
        Assert.True(lockout.IsLockedOut(Alice, _time.GetUtcNow()));
    }

    [Theory]
    [InlineData(AccessReason.SignatureInvalid, true)]
    [InlineData(AccessReason.TokenInvalid, true)]
    [InlineData(AccessReason.TokenKeyUnknown, true)]
    [InlineData(AccessReason.LinkExpired, false)]
    [InlineData(AccessReason.CredentialMissing, false)]
    [InlineData(AccessReason.KeyRetired, false)]
    [InlineData(AccessReason.RateLimited, false)]
    public void Counts_Reason_OnlyForgeryLikeFailures(AccessReason reason, bool counts) =>
        Assert.Equal(counts, SourceLockout.Counts(reason));

    private static ClientSource Source(int i) => ClientSource.Of(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
}
