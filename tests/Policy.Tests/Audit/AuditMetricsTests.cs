using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Tests.Infrastructure;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>The journal's instruments: appends, bytes, failures and fsync times as written, and its disk and health at scrape time.</summary>
public sealed class AuditMetricsTests : IDisposable
{
    private const string Appends = "securestream.audit.appends";
    private const string AppendBytes = "securestream.audit.append";
    private const string Failures = "securestream.audit.failures";
    private const string Fsync = "securestream.audit.fsync.duration";
    private const string DiskFree = "securestream.audit.disk_free";
    private const string Healthy = "securestream.audit.healthy";

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(AuditTestRecords.Start);
    private readonly RecordingMeterFactory _meters = new();

    public void Dispose()
    {
        _meters.Dispose();
        _dir.Dispose();
    }

    private string JournalPath => _dir.File("audit.jsonl");

    [Fact]
    public async Task Append_SingleAndPair_CountsEveryLineAndEveryByteOnDisk()
    {
        await using (var journal = Open(Options()))
        {
            Assert.True(await journal.AppendAsync(AuditTestRecords.Decision(1), CancellationToken.None));
            var pair = await journal.AppendPairWithReceiptsAsync(AuditTestRecords.Decision(2), AuditTestRecords.Decision(3), CancellationToken.None);
            Assert.True(pair.Follower.Written);
        }

        Assert.Equal(3, _meters.Sum(Appends));
        Assert.Equal(new FileInfo(JournalPath).Length, _meters.Sum(AppendBytes));
        Assert.InRange(_meters.Count(Fsync), 1, 2);
        Assert.True(_meters.Sum(Fsync) >= 0);
        Assert.Equal(0, _meters.Sum(Failures));
    }

    [Fact]
    public async Task DiskFull_EachRefusedRecordCounted_HealthyGaugeFollows()
    {
        var full = false;
        var storage = new AuditStorage { OpenFile = (path, options) => new FullDiskFileStream(path, options, () => full) };
        await using var journal = Open(Options(), storage);
        Assert.True(await journal.AppendAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        Assert.Equal(1, _meters.Observe(Healthy));

        full = true;
        Assert.False(await journal.AppendAsync(AuditTestRecords.Decision(2), CancellationToken.None));
        Assert.False((await journal.AppendPairWithReceiptsAsync(AuditTestRecords.Decision(3), AuditTestRecords.Decision(4), CancellationToken.None)).First.Written);

        Assert.Equal(3, _meters.Sum(Failures));
        Assert.Equal(1, _meters.Sum(Appends));
        Assert.Equal(0, _meters.Observe(Healthy));

        full = false;
        Assert.True(await journal.AppendAsync(AuditTestRecords.Decision(5), CancellationToken.None));
        Assert.Equal(1, _meters.Observe(Healthy));
        Assert.Equal(3, _meters.Sum(Failures));
    }

    [Fact]
    public async Task JournalCannotOpen_AppendsCountedAsFailures_Unhealthy()
    {
        var blocker = _dir.File("file");
        await File.WriteAllTextAsync(blocker, "x");
        var options = Options();
        options.JournalPath = Path.Combine(blocker, "audit.jsonl");
        await using var journal = Open(options);

        Assert.False(await journal.AppendAsync(AuditTestRecords.Decision(1), CancellationToken.None));

        Assert.Equal(1, _meters.Sum(Failures));
        Assert.Equal(0, _meters.Observe(Healthy));
    }

    [Fact]
    public async Task DiskFree_ReportsLastMeasurement_HealthyUntilBelowMinimum()
    {
        long free = 10_000_000;
        var storage = new AuditStorage { FreeBytes = _ => Interlocked.Read(ref free) };
        var options = Options();
        options.DiskWarnFreeBytes = 5_000_000;
        options.DiskMinFreeBytes = 1_000_000;
        await using var journal = Open(options, storage);
        Assert.True(await journal.AppendAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        // The first measurement is taken by the writer loop right after the first batch.
        Assert.Equal(10_000_000, await ObservedAsync(DiskFree));
        Assert.Equal(1, _meters.Observe(Healthy));

        Interlocked.Exchange(ref free, 4_000_000);
        await TickAsync(journal);
        Assert.Equal(4_000_000, _meters.Observe(DiskFree));
        Assert.Equal(1, _meters.Observe(Healthy)); // degraded: appends still succeed

        Interlocked.Exchange(ref free, 500_000);
        await TickAsync(journal);
        Assert.Equal(500_000, _meters.Observe(DiskFree));
        Assert.Equal(0, _meters.Observe(Healthy));
    }

    private async Task<double?> ObservedAsync(string key)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_meters.Observe(key) is null && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        return _meters.Observe(key);
    }

    private async Task TickAsync(AuditJournal journal)
    {
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await journal.AppendAsync(AuditTestRecords.Decision(9), CancellationToken.None));
    }

    private AuditOptions Options() => new()
    {
        JournalPath = JournalPath,
        RotateBytes = 1L << 30,
        RotateInterval = TimeSpan.Zero,
        Retention = new AuditRetentionOptions { MaxFiles = 0, MaxAge = TimeSpan.Zero, MaxTotalBytes = 0 },
        CheckpointInterval = TimeSpan.FromSeconds(60),
        DiskWarnFreeBytes = 0,
        DiskMinFreeBytes = 0,
    };

    private AuditJournal Open(AuditOptions options, AuditStorage? storage = null) =>
        new(options, null, _time, null, storage, metrics: new AuditMetrics(_meters));
}
