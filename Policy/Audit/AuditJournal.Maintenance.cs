using System.Globalization;

namespace SecureStream.Policy.Audit;

/// <summary>The writer loop's housekeeping for <see cref="AuditJournal"/>: schedule, checkpoints, disk watermarks, health.</summary>
internal sealed partial class AuditJournal
{
    /// <summary>How often free space is measured at most (one statvfs call; more often tells nothing new).</summary>
    private static readonly TimeSpan DiskCheckPeriod = TimeSpan.FromSeconds(10);

    private bool _uncheckpointed;
    private bool _shutdownCheckpointed;
    private bool _maintenanceDue = true;
    private bool _retentionDue = true;
    private bool _diskCheckDue = true;
    private DateTimeOffset _lastCheckpointAt;
    private DateTimeOffset _lastDiskCheck;
    private volatile int _diskLevel;
    private long _freeBytes = -1;

    /// <summary>Free bytes on the journal's file system as last measured; null before the first measurement or without a file system answer.</summary>
    public long? FreeBytes => Interlocked.Read(ref _freeBytes) is var free and >= 0 ? free : null;

    /// <summary>
    /// The journal's health for <c>/healthz</c>: unhealthy while appends cannot succeed (viewers
    /// get 503) or free space is below <c>Audit:DiskMinFreeBytes</c>; degraded below
    /// <c>Audit:DiskWarnFreeBytes</c>. Thread-safe.
    /// </summary>
    public AuditHealth Health
    {
        get
        {
            if (Problem is { } problem)
            {
                return new AuditHealth(AuditHealthStatus.Unhealthy, problem);
            }

            if (_writeFailing)
            {
                return new AuditHealth(AuditHealthStatus.Unhealthy,
                    "the last journal write failed (disk full or not writable); viewers are refused (503 audit_unavailable) until a write succeeds");
            }

            var free = Interlocked.Read(ref _freeBytes);
            return _diskLevel switch
            {
                2 => new AuditHealth(AuditHealthStatus.Unhealthy, string.Create(CultureInfo.InvariantCulture,
                    $"{free} bytes free for the journal, below Audit:DiskMinFreeBytes ({_options.DiskMinFreeBytes})")),
                1 => new AuditHealth(AuditHealthStatus.Degraded, string.Create(CultureInfo.InvariantCulture,
                    $"{free} bytes free for the journal, below Audit:DiskWarnFreeBytes ({_options.DiskWarnFreeBytes})")),
                _ => AuditHealth.Healthy,
            };
        }
    }

    /// <summary>
    /// Runs on the writer loop after a batch that asked for it and on every tick: free space,
    /// retrying a failed write path, rotation by size or time, the checkpoint schedule, retention.
    /// </summary>
    private void Maintain()
    {
        _maintenanceDue = false;
        var now = _time.GetUtcNow();
        CheckDisk(now, force: _diskCheckDue);
        if (!EnsureWritable())
        {
            return;
        }

        if (_committedLength > 0 && (_committedLength >= _options.RotateBytes
            || (_options.RotateInterval > TimeSpan.Zero && now - _fileStartedAt >= _options.RotateInterval)))
        {
            Rotate();
        }
        else if (_uncheckpointed && now - _lastCheckpointAt >= _options.CheckpointInterval)
        {
            CheckpointIfDue("interval", force: false);
        }

        if (_retentionDue && _file is not null)
        {
            ApplyRetention(now);
        }
    }

    /// <summary>
    /// Writes a signed checkpoint of the current head (when records were written since the last
    /// one, or <paramref name="force"/>), and copies it to the checkpoint file. True when written,
    /// or when checkpoints are off (no key).
    /// </summary>
    private bool CheckpointIfDue(string reason, bool force)
    {
        if (_key is null)
        {
            return true;
        }

        if (!force && !_uncheckpointed)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        var headHash = HexOf(_prev);
        var file = System.IO.Path.GetFileName(_fullPath);
        var record = new AuditCheckpointRecord
        {
            Time = now,
            Reason = reason,
            HeadSeq = _seq,
            HeadHash = headHash,
            File = file,
            FileFirstSeq = _fileFirstSeq,
            KeyId = _key.KeyId,
            Mac = _key.Sign(_seq + 1, FormatTime(now), reason, _seq, headHash, file, _fileFirstSeq, Node),
        };
        if (!WriteOwn(record).Written)
        {
            return false;
        }

        _uncheckpointed = false;
        _lastCheckpointAt = now;
        AppendToCheckpointFile(_batch.WrittenSpan);
        return true;
    }

    /// <summary>
    /// Measures free space (at most every <see cref="DiskCheckPeriod"/> unless forced) and, when it
    /// falls below a watermark, logs and writes one <see cref="AuditDiskLowRecord"/> per fall. It
    /// only counts as recovered once it is an eighth above the watermark, so a disk hovering at
    /// the line does not write a record per check.
    /// </summary>
    private void CheckDisk(DateTimeOffset now, bool force)
    {
        if (!force && now - _lastDiskCheck < DiskCheckPeriod)
        {
            return;
        }

        _diskCheckDue = false;
        _lastDiskCheck = now;
        if (_storage.FreeBytes(AuditJournalFiles.DirectoryOf(_fullPath)) is not { } free)
        {
            return;
        }

        Interlocked.Exchange(ref _freeBytes, free);
        var level = free < _options.DiskMinFreeBytes ? 2 : free < _options.DiskWarnFreeBytes ? 1 : 0;
        var previous = _diskLevel;
        if (level < previous)
        {
            var watermark = previous == 2 ? _options.DiskMinFreeBytes : _options.DiskWarnFreeBytes;
            if (free < watermark + (watermark / 8))
            {
                return;
            }
        }

        if (level == previous)
        {
            return;
        }

        _diskLevel = level;
        if (level < previous)
        {
            Log.DiskRecovered(_logger, Path, free);
            return;
        }

        var critical = level == 2;
        var crossed = critical ? _options.DiskMinFreeBytes : _options.DiskWarnFreeBytes;
        if (critical)
        {
            Log.DiskCritical(_logger, Path, free, crossed);
        }
        else
        {
            Log.DiskLow(_logger, Path, free, crossed);
        }

        WriteOwn(new AuditDiskLowRecord { Time = now, Level = critical ? "critical" : "warn", FreeBytes = free, WatermarkBytes = crossed });
    }
}
