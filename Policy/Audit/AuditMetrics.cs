using System.Diagnostics.Metrics;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The audit journal's instruments on the policy's meter (docs/metrics.md, "Front door and
/// policy"): lines appended and their bytes, appends that failed, fsync latency, free disk space
/// and whether appends can succeed. No tags: there is one journal per process.
/// </summary>
/// <remarks>
/// Counted on the journal's writer loop per batch (one fsync), never per caller, so a busy gate
/// adds one add per record at most. The gauges read the journal's own state at scrape time.
/// </remarks>
internal sealed class AuditMetrics
{
    // A local SSD fsyncs in well under a millisecond; a network disk or a saturated one takes seconds.
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> _appends;
    private readonly Counter<long> _appendBytes;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _fsync;
    private AuditJournal? _journal;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(AdmissionMetrics.MeterName);
        _appends = meter.CreateCounter<long>("securestream.audit.appends", "{record}",
            "Records written to the audit journal and flushed to disk (the journal's own checkpoints included).");
        _appendBytes = meter.CreateCounter<long>("securestream.audit.append", "By",
            "Bytes written to the audit journal.");
        _failures = meter.CreateCounter<long>("securestream.audit.failures", "{record}",
            "Records the audit journal could not write (journal unavailable, write or fsync failed); each one refused what it recorded.");
        _fsync = meter.CreateHistogram("securestream.audit.fsync.duration", "s",
            "Time to flush one batch of the audit journal to disk (write and fsync).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        meter.CreateObservableGauge("securestream.audit.disk_free", ObserveFreeBytes, "By",
            "Free bytes on the audit journal's file system, as last measured (every 10 s at most).");
        meter.CreateObservableGauge("securestream.audit.healthy", ObserveHealthy, "{journal}",
            "1 while audit appends can succeed (healthy or only low on disk), 0 while the journal is failing or below Audit:DiskMinFreeBytes.");
    }

    /// <summary>The journal the gauges read; set once by the journal that records here.</summary>
    public void Watch(AuditJournal journal) => Volatile.Write(ref _journal, journal);

    /// <summary>One batch on disk: <paramref name="records"/> lines of <paramref name="bytes"/> bytes, flushed in <paramref name="flushSeconds"/>.</summary>
    public void Committed(int records, int bytes, double flushSeconds)
    {
        _appends.Add(records);
        _appendBytes.Add(bytes);
        _fsync.Record(flushSeconds);
    }

    /// <summary>Records a caller was told were not written (not those it stopped waiting for).</summary>
    public void Failed(int records) => _failures.Add(records);

    private IEnumerable<Measurement<long>> ObserveFreeBytes() =>
        Volatile.Read(ref _journal)?.FreeBytes is { } free ? [new Measurement<long>(free)] : [];

    private IEnumerable<Measurement<int>> ObserveHealthy() =>
        Volatile.Read(ref _journal) is { } journal
            ? [new Measurement<int>(journal.Health.Status == AuditHealthStatus.Unhealthy ? 0 : 1)]
            : [];
}
