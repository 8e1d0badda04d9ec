using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RecordFailure_ThresholdReached_Opens()
    {
        var breaker = new AdmissionCircuitBreaker(3, TimeSpan.FromSeconds(30), _time);

        for (var i = 0; i < 2; i++)
        {
            Assert.True(breaker.TryAcquire(out _));
            Assert.False(breaker.RecordFailure(trial: false));
        }

        Assert.True(breaker.TryAcquire(out _));
        Assert.True(breaker.RecordFailure(trial: false));
        Assert.Equal(AdmissionCircuitState.Open, breaker.State);
        Assert.False(breaker.TryAcquire(out _));
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsCount()
    {
        var breaker = new AdmissionCircuitBreaker(2, TimeSpan.FromSeconds(30), _time);

        breaker.RecordFailure(trial: false);
        breaker.RecordSuccess();
        breaker.RecordFailure(trial: false);

        Assert.Equal(AdmissionCircuitState.Closed, breaker.State);
    }

    [Fact]
    public void TryAcquire_AfterBreak_OneTrialOnly()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(breaker.TryAcquire(out _));

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(AdmissionCircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.TryAcquire(out var trial));
        Assert.True(trial);
        Assert.False(breaker.TryAcquire(out _));
    }

    [Fact]
    public void RecordSuccess_Trial_Closes()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryAcquire(out var trial));

        Assert.True(breaker.RecordSuccess());

        Assert.Equal(AdmissionCircuitState.Closed, breaker.State);
        Assert.True(breaker.TryAcquire(out trial));
        Assert.False(trial);
    }

    [Fact]
    public void RecordFailure_Trial_ReopensForFullBreak()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryAcquire(out var trial));

        Assert.True(breaker.RecordFailure(trial));
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.False(breaker.TryAcquire(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.TryAcquire(out _));
    }

    [Fact]
    public void RecordFailure_StaleNonTrialDuringTrial_DoesNotReleaseTrial()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryAcquire(out _));

        Assert.False(breaker.RecordFailure(trial: false));
        breaker.RecordAbandoned(trial: false);

        Assert.False(breaker.TryAcquire(out _));
    }

    [Fact]
    public void RecordAbandoned_Trial_FreesSlot()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryAcquire(out var trial));

        breaker.RecordAbandoned(trial);

        Assert.True(breaker.TryAcquire(out _));
    }

    [Fact]
    public async Task TryAcquire_ConcurrentHalfOpen_ExactlyOneTrial()
    {
        var breaker = OpenBreaker();
        _time.Advance(TimeSpan.FromSeconds(30));

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => breaker.TryAcquire(out bool _))));

        Assert.Single(results, r => r);
    }

    private AdmissionCircuitBreaker OpenBreaker()
    {
        var breaker = new AdmissionCircuitBreaker(1, TimeSpan.FromSeconds(30), _time);
        Assert.True(breaker.TryAcquire(out _));
        Assert.True(breaker.RecordFailure(trial: false));
        return breaker;
    }
}
