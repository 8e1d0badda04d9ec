using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class RefusalAggregatorTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly ClientSource Alice = ClientSource.Of(IPAddress.Parse("192.0.2.1"));
    private static readonly ClientSource Bob = ClientSource.Of(IPAddress.Parse("192.0.2.2"));

    private readonly FakeTimeProvider _time = new();
    private readonly CollectingWriter _audit = new();
    private readonly RefusalAggregator _aggregator;

    public RefusalAggregatorTests() =>
        _aggregator = new RefusalAggregator(Interval, maxSources: 16, _audit, _time, NullLogger<RefusalAggregator>.Instance);

    public void Dispose() => _aggregator.Dispose();

    [Fact]
    public void Register_FloodFromOneSource_FirstWrittenRestCountedIntoOneSummary()
    {
        var first = _time.GetUtcNow();
        Assert.True(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        for (var i = 0; i < 5000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.False(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        }

        Assert.Empty(_audit.Records);
        _time.Advance(Interval);

        var summary = Assert.IsType<RefusalSummaryRecord>(Assert.Single(_audit.Records));
        Assert.Equal((AccessReason.RateLimited, "192.0.2.1", 5000L, false), (summary.Reason, summary.Source, summary.Count, summary.Overflow));
        Assert.Equal((first, first.AddMilliseconds(1), first.AddMilliseconds(5000)), (summary.IntervalStart, summary.FirstTime, summary.LastTime));
        Assert.Equal(0, _aggregator.OpenWindows);
    }

    [Fact]
    public void Register_OtherReasonOrSource_HasItsOwnWindow()
    {
        Assert.True(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        Assert.True(_aggregator.Register(Alice, AccessReason.SignatureInvalid, _time.GetUtcNow()));
        Assert.True(_aggregator.Register(Bob, AccessReason.RateLimited, _time.GetUtcNow()));
        Assert.False(_aggregator.Register(Bob, AccessReason.RateLimited, _time.GetUtcNow()));
    }

    [Fact]
    public void Register_SingleRefusal_NoSummaryAndTimerStops()
    {
        Assert.True(_aggregator.Register(Alice, AccessReason.SignatureInvalid, _time.GetUtcNow()));
        _time.Advance(Interval * 3);

        Assert.Empty(_audit.Records);
        Assert.Equal(0, _aggregator.OpenWindows);
        Assert.True(_aggregator.Register(Alice, AccessReason.SignatureInvalid, _time.GetUtcNow()));
    }

    [Fact]
    public void Register_NextInterval_WritesTheFirstAgain()
    {
        Assert.True(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        Assert.False(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        _time.Advance(Interval);

        Assert.True(_aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow()));
        Assert.Single(_audit.Records);
    }

    [Fact]
    public void Register_IdleAggregator_ArmsNoTimer()
    {
        var time = new CountingTimeProvider();
        using var aggregator = new RefusalAggregator(Interval, 16, _audit, time, NullLogger<RefusalAggregator>.Instance);

        Assert.Equal(0, time.TimersCreated);
        aggregator.Register(Alice, AccessReason.RateLimited, time.GetUtcNow());
        Assert.Equal(1, time.TimersCreated);
    }

    [Fact]
    public void Register_MoreSourcesThanTheCap_OverflowBucketCountsDistinctSources()
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < 16; i++)
        {
            Assert.True(_aggregator.Register(Source(i), AccessReason.TokenInvalid, now));
        }

        // Beyond the cap: the first overflowing refusal is written, the rest counted by reason.
        Assert.True(_aggregator.Register(Source(100), AccessReason.TokenInvalid, now));
        for (var i = 101; i < 3100; i++)
        {
            Assert.False(_aggregator.Register(Source(i), AccessReason.TokenInvalid, now));
            Assert.False(_aggregator.Register(Source(i), AccessReason.TokenInvalid, now));
        }

        Assert.Equal(17, _aggregator.OpenWindows);
        _time.Advance(Interval);

        var overflow = Assert.Single(_audit.Records.OfType<RefusalSummaryRecord>(), r => r.Overflow);
        Assert.Equal((null, 5998L, (long?)RefusalAggregator.MaxOverflowSources, (bool?)true), (overflow.Source, overflow.Count, overflow.Sources, overflow.SourcesCapped));
        Assert.Equal(0, _aggregator.OpenWindows);
    }

    [Fact]
    public async Task FlushAsync_OpenWindows_WritesTheirSummariesAtOnce()
    {
        _aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow());
        _aggregator.Register(Alice, AccessReason.RateLimited, _time.GetUtcNow());

        await _aggregator.FlushAsync();

        Assert.Equal(1L, Assert.IsType<RefusalSummaryRecord>(Assert.Single(_audit.Records)).Count);
    }

    private static ClientSource Source(int i) => ClientSource.Of(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));

    private sealed class CollectingWriter : IAuditWriter
    {
        public ConcurrentQueue<AuditRecord> Records { get; } = new();

        public ValueTask<bool> WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Records.Enqueue(record);
            return ValueTask.FromResult(true);
        }

        public ValueTask<bool> WriteBothAsync(AuditRecord first, AuditRecord second, CancellationToken cancellationToken)
        {
            Records.Enqueue(first);
            Records.Enqueue(second);
            return ValueTask.FromResult(true);
        }
    }

    private sealed class CountingTimeProvider : TimeProvider
    {
        public int TimersCreated { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
