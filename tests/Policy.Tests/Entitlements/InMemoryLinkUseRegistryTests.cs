using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

public sealed class InMemoryLinkUseRegistryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset InOneHour => _time.GetUtcNow().AddHours(1);

    [Fact]
    public async Task TryUseAsync_SingleUseUnderParallelContention_ExactlyOneWins()
    {
        var registry = new InMemoryLinkUseRegistry(_time);
        const int contenders = 48;
        using var start = new Barrier(contenders);
        var forgetAfter = InOneHour;

        var tasks = Enumerable.Range(0, contenders).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return registry.TryUseAsync("jwt:link-1", 1, forgetAfter, CancellationToken.None).AsTask();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task TryUseAsync_MaxThree_ThreeUsesThenRefused()
    {
        var registry = new InMemoryLinkUseRegistry(_time);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await registry.TryUseAsync("sig:abc", 3, InOneHour, CancellationToken.None));
        }

        Assert.False(await registry.TryUseAsync("sig:abc", 3, InOneHour, CancellationToken.None));
        Assert.True(await registry.TryUseAsync("sig:other", 3, InOneHour, CancellationToken.None));
    }

    [Fact]
    public async Task TryUseAsync_ZeroMaxUses_UnlimitedAndNothingStored()
    {
        var registry = new InMemoryLinkUseRegistry(_time);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(await registry.TryUseAsync("sig:abc", 0, InOneHour, CancellationToken.None));
        }

        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public async Task TryUseAsync_EmptyLinkId_Refused()
    {
        var registry = new InMemoryLinkUseRegistry(_time);

        Assert.False(await registry.TryUseAsync(string.Empty, 1, InOneHour, CancellationToken.None));
    }

    [Fact]
    public async Task TryUseAsync_AfterExpiryAndMargin_EntryPruned()
    {
        var registry = new InMemoryLinkUseRegistry(_time);
        var expires = _time.GetUtcNow().AddMinutes(10);
        Assert.True(await registry.TryUseAsync("jwt:old", 1, expires, CancellationToken.None));
        Assert.Equal(1, registry.Count);

        _time.Advance(TimeSpan.FromMinutes(10) + InMemoryLinkUseRegistry.RetentionMargin + InMemoryLinkUseRegistry.PruneInterval);
        Assert.True(await registry.TryUseAsync("jwt:new", 1, InOneHour, CancellationToken.None));

        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public async Task TryUseAsync_JustPastExpiryWithinMargin_StillRefused()
    {
        var registry = new InMemoryLinkUseRegistry(_time);
        var expires = _time.GetUtcNow().AddMinutes(10);
        Assert.True(await registry.TryUseAsync("jwt:once", 1, expires, CancellationToken.None));

        // A caller that forgot its 30 s clock skew must still not see the link forgotten.
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));

        Assert.False(await registry.TryUseAsync("jwt:once", 1, expires, CancellationToken.None));
    }

    [Fact]
    public async Task TryUseAsync_BeforeExpiry_NotPrunedEvenAfterManySweeps()
    {
        var registry = new InMemoryLinkUseRegistry(_time);
        Assert.True(await registry.TryUseAsync("jwt:long", 1, _time.GetUtcNow().AddDays(1), CancellationToken.None));

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(InMemoryLinkUseRegistry.PruneInterval);
            Assert.True(await registry.TryUseAsync($"jwt:filler-{i}", 1, InOneHour, CancellationToken.None));
        }

        Assert.False(await registry.TryUseAsync("jwt:long", 1, _time.GetUtcNow().AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task TryUseAsync_CapacityFull_NewIdsRefusedUntilOldOnesExpire()
    {
        var registry = new InMemoryLinkUseRegistry(_time, capacity: 2);
        var soon = _time.GetUtcNow().AddMinutes(1);
        Assert.True(await registry.TryUseAsync("a", 5, soon, CancellationToken.None));
        Assert.True(await registry.TryUseAsync("b", 5, soon, CancellationToken.None));

        Assert.False(await registry.TryUseAsync("c", 5, soon, CancellationToken.None));
        Assert.True(await registry.TryUseAsync("a", 5, soon, CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(1) + InMemoryLinkUseRegistry.RetentionMargin + TimeSpan.FromSeconds(1));
        Assert.True(await registry.TryUseAsync("c", 5, InOneHour, CancellationToken.None));
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public async Task TryUseAsync_Canceled_DoesNotCount()
    {
        var registry = new InMemoryLinkUseRegistry(_time);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => registry.TryUseAsync("jwt:x", 1, InOneHour, cancellation.Token).AsTask());
        Assert.True(await registry.TryUseAsync("jwt:x", 1, InOneHour, CancellationToken.None));
    }
}
