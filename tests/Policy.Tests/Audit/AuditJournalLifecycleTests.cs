using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>Rotation, retention, checkpoints, disk watermarks and the disk-full behaviour of the journal, and verify-audit over the result.</summary>
public sealed class AuditJournalLifecycleTests : IDisposable
{
    private static readonly AuditCheckpointKey Key = new("0123456789abcdef0123456789abcdef"u8);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(AuditTestRecords.Start);

    public void Dispose() => _dir.Dispose();

    private string JournalPath => _dir.File("audit.jsonl");

    [Fact]
    public async Task Rotate_BySize_ChainContinuesAcrossFilesAndVerifies()
    {
        await WriteAsync(Options(), 60);

        var rotated = AuditJournalFiles.ListRotated(JournalPath);
        Assert.True(rotated.Count >= 3, $"{rotated.Count} rotated files");
        Assert.Equal(1, rotated[0].FirstSeq);
        foreach (var file in rotated)
        {
            var lines = File.ReadAllLines(file.Path);
            Assert.Equal(file.FirstSeq, Json(lines[0]).GetProperty("seq").GetInt64());
            Assert.Equal("audit-" + file.FirstSeq.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + ".jsonl", Path.GetFileName(file.Path));
            var last = Json(lines[^1]);
            Assert.Equal("audit.checkpoint", last.GetProperty("type").GetString());
            Assert.Equal("rotation", last.GetProperty("reason").GetString());
        }

        for (var i = 1; i < rotated.Count; i++)
        {
            var previousLast = File.ReadAllLines(rotated[i - 1].Path)[^1];
            var first = File.ReadAllLines(rotated[i].Path)[0];
            Assert.Equal(AuditForgery.HashOf(previousLast), AuditForgery.PrevOf(first));
        }

        var report = AuditJournalVerifier.Verify(_dir.Path, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Equal(rotated.Count + 1, report.FileCount);
        Assert.Equal(1, report.FirstSeq);
        Assert.Equal(report.RecordCount, report.LastSeq);
        Assert.True(report.SignaturesChecked);
        Assert.True(report.CheckpointCount >= rotated.Count + 1);
    }

    [Fact]
    public async Task Rotate_ByTime_RotatesOnTickAndReopenContinuesChain()
    {
        var options = Options(rotateBytes: 1L << 30);
        options.RotateInterval = TimeSpan.FromHours(1);
        await using (var journal = Open(options))
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            _time.Advance(TimeSpan.FromMinutes(61));
        }

        Assert.Single(AuditJournalFiles.ListRotated(JournalPath));
        await using (var journal = Open(options))
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
        }

        var report = AuditJournalVerifier.Verify(JournalPath, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Equal(2, report.FileCount);
    }

    [Fact]
    public async Task Open_ActiveMissingAfterRotation_ContinuesFromNewestRotatedFile()
    {
        await WriteAsync(Options(), 30);
        File.Delete(JournalPath); // as if the process died between the rename and the first write of the new file
        var last = File.ReadAllLines(AuditJournalFiles.ListRotated(JournalPath)[^1].Path)[^1];

        await WriteAsync(Options(rotateBytes: 1L << 30), 1);

        var first = File.ReadAllLines(JournalPath)[0];
        Assert.Equal(Json(last).GetProperty("seq").GetInt64() + 1, Json(first).GetProperty("seq").GetInt64());
        Assert.Equal(AuditForgery.HashOf(last), AuditForgery.PrevOf(first));
    }

    [Fact]
    public async Task Checkpoint_Interval_WrittenSignedAndCopiedToCheckpointFile()
    {
        var options = Options(rotateBytes: 1L << 30);
        await using (var journal = Open(options))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            }

            _time.Advance(TimeSpan.FromSeconds(61));
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
        }

        var checkpoints = File.ReadAllLines(JournalPath).Where(l => l.Contains("\"type\":\"audit.checkpoint\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(["interval", "shutdown"], checkpoints.Select(c => Json(c).GetProperty("reason").GetString()));
        var interval = Json(checkpoints[0]);
        Assert.Equal(3, interval.GetProperty("head_seq").GetInt64());
        Assert.Equal(4, interval.GetProperty("seq").GetInt64());
        Assert.Equal(Key.KeyId, interval.GetProperty("key_id").GetString());
        Assert.Equal(checkpoints, File.ReadAllLines(AuditJournalFiles.CheckpointPath(JournalPath)));
        Assert.Null(AuditCheckpointLine.TryParse(System.Text.Encoding.ASCII.GetBytes(checkpoints[0]))!.CheckMac(Key));
    }

    [Fact]
    public async Task Verify_WrongKey_EveryCheckpointNamedAsNotSignedByIt()
    {
        await WriteAsync(Options(), 30);

        var report = AuditJournalVerifier.Verify(JournalPath, new AuditCheckpointKey("another-key-0123456789abcdef0123"u8));

        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.Contains("signed with key " + Key.KeyId, StringComparison.Ordinal) && p.Contains("not the given key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_NoKey_IntactButSaysSignaturesWereNotChecked()
    {
        await WriteAsync(Options(), 30);

        var report = AuditJournalVerifier.Verify(JournalPath, null);

        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Contains(report.Notes, n => n.Contains("signatures were NOT checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_TruncatedTail_NamedAsCutOff()
    {
        await WriteAsync(Options(rotateBytes: 1L << 30), 60, checkpointEvery: 10);
        var lines = File.ReadAllLines(JournalPath);
        AuditForgery.Write(JournalPath, lines[..^3]); // every line of the cut tail was whole: the chain alone cannot tell

        Assert.True(AuditVerifier.Verify(JournalPath).IsIntact);
        var report = AuditJournalVerifier.Verify(JournalPath, Key);
        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.StartsWith("audit.jsonl:", StringComparison.Ordinal) && p.Contains("were cut off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_NewestFilesDeleted_NamedAsCutOff()
    {
        await WriteAsync(Options(), 60);
        File.Delete(JournalPath);

        var report = AuditJournalVerifier.Verify(_dir.Path, Key);

        Assert.Contains(report.Problems, p => p.Contains("were cut off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DeletedRotatedFile_NamesTheMissingFile()
    {
        await WriteAsync(Options(), 60);
        var middle = AuditJournalFiles.ListRotated(JournalPath)[1];
        File.Delete(middle.Path);

        var report = AuditJournalVerifier.Verify(_dir.Path, Key);

        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.Contains("(" + Path.GetFileName(middle.Path) + ") is missing — deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_OldestFileDeletedByHand_NotTakenForRetention()
    {
        await WriteAsync(Options(), 60);
        File.Delete(AuditJournalFiles.ListRotated(JournalPath)[0].Path);

        var report = AuditJournalVerifier.Verify(_dir.Path, Key);

        Assert.Contains(report.Problems, p => p.Contains("no audit.retention record accounts for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_FileReplacedByValidlyChainedForgery_NamesTheFile()
    {
        await WriteAsync(Options(), 60);
        var rotated = AuditJournalFiles.ListRotated(JournalPath);
        var before = File.ReadAllLines(rotated[0].Path)[^1];
        var forged = File.ReadAllLines(rotated[1].Path)
            .Select(l => l.Replace("\"succeeded\":true", "\"succeeded\":false", StringComparison.Ordinal));
        AuditForgery.Write(rotated[1].Path, AuditForgery.Rechain(forged, AuditForgery.HashOf(before)));

        var report = AuditJournalVerifier.Verify(_dir.Path, Key);
        var name = Path.GetFileName(rotated[2].Path);
        Assert.Contains(report.Problems, p => p.Contains(name + ": does not chain to " + Path.GetFileName(rotated[1].Path), StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith(Path.GetFileName(rotated[1].Path), StringComparison.Ordinal) && p.Contains("rewritten", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RewrittenTail_CaughtByCheckpoints()
    {
        await WriteAsync(Options(rotateBytes: 1L << 30), 20, checkpointEvery: 5);
        var lines = File.ReadAllLines(JournalPath);
        var edited = lines.Select((l, i) => i == 3 ? l.Replace("\"succeeded\":true", "\"succeeded\":false", StringComparison.Ordinal) : l).ToList();
        var rewritten = AuditForgery.Rechain(edited.Skip(3), AuditForgery.HashOf(lines[2]));
        AuditForgery.Write(JournalPath, lines.Take(3).Concat(rewritten));

        Assert.True(AuditVerifier.Verify(JournalPath).IsIntact); // the chain alone is fooled
        var report = AuditJournalVerifier.Verify(JournalPath, null); // the checkpoint file alone catches it, even without the key
        Assert.Contains(report.Problems, p => p.Contains("the journal was rewritten at or before seq", StringComparison.Ordinal));
        var signed = AuditJournalVerifier.Verify(JournalPath, Key);
        Assert.Contains(signed.Problems, p => p.Contains("does not vouch for the line before it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_MaxFiles_DeletesOldestAndVerifyAcceptsTheRecordedStart()
    {
        var options = Options();
        options.Retention.MaxFiles = 2;
        await WriteAsync(options, 120);

        var rotated = AuditJournalFiles.ListRotated(JournalPath);
        Assert.Equal(2, rotated.Count);
        var report = AuditJournalVerifier.Verify(_dir.Path, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.True(report.FirstSeq > 1);
        Assert.Contains(report.Notes, n => n.Contains("deleted by retention", StringComparison.Ordinal));
        var retention = File.ReadLines(JournalPath).Concat(rotated.SelectMany(f => File.ReadLines(f.Path)))
            .Select(Json).Where(r => r.GetProperty("type").GetString() == "audit.retention").ToList();
        Assert.NotEmpty(retention);
        Assert.All(retention, r => Assert.Equal("max_files", r.GetProperty("rule").GetString()));
        Assert.All(File.ReadLines(AuditJournalFiles.CheckpointPath(JournalPath)), l => Assert.True(Json(l).GetProperty("seq").GetInt64() >= report.FirstSeq));
    }

    [Fact]
    public async Task Retention_MaxAge_DeletesFilesWhoseNewestRecordIsOlder()
    {
        var options = Options();
        options.Retention.MaxAge = TimeSpan.FromDays(1);
        await WriteAsync(options, 40);
        var old = AuditJournalFiles.ListRotated(JournalPath);
        _time.Advance(TimeSpan.FromDays(2));
        await WriteAsync(options, 40);

        var kept = AuditJournalFiles.ListRotated(JournalPath);
        Assert.DoesNotContain(kept, f => old.Any(o => o.Path == f.Path));
        var report = AuditJournalVerifier.Verify(_dir.Path, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Retention_FloodOfRecords_TotalBytesStayWithinBound()
    {
        var options = Options(rotateBytes: 64 * 1024);
        options.Retention.MaxTotalBytes = 256 * 1024;
        await using (var journal = Open(options))
        {
            var writes = Enumerable.Range(0, 5000).Select(i => journal.AppendAsync(AuditTestRecords.Decision(i, userAgent: new string('\u2028', 512)), CancellationToken.None).AsTask());
            Assert.All(await Task.WhenAll(writes), Assert.True);
            // Bound at every moment: rotated files ≤ MaxTotalBytes after each rotation, plus the
            // active file (≤ RotateBytes + one batch of at most MaxBatch lines).
        }

        var onDisk = Directory.EnumerateFiles(_dir.Path, "audit*.jsonl").Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= options.Retention.MaxTotalBytes + options.RotateBytes, $"{onDisk} bytes on disk");
        var report = AuditJournalVerifier.Verify(_dir.Path, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Contains(report.Notes, n => n.Contains("deleted by retention", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_CreatedOwnerOnly()
    {
        var options = Options();
        options.JournalPath = _dir.File("new/sub/audit.jsonl");
        await WriteAsync(options, 30);

        var directory = Path.GetDirectoryName(options.JournalPath)!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var files = Directory.GetFiles(directory);
        Assert.Contains(files, f => f.EndsWith(".lock", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".checkpoints", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("-000000000001.jsonl", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task DiskFull_AppendsRefusedThenRecoverWithoutRestart_ChainIntact()
    {
        var full = false;
        var storage = new AuditStorage { OpenFile = (path, options) => new FullDiskFileStream(path, options, () => full) };
        var options = Options(rotateBytes: 1L << 30);
        await using (var journal = Open(options, storage))
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            full = true;
            for (var i = 0; i < 50; i++)
            {
                Assert.False(await journal.AppendAsync(Reload(), CancellationToken.None));
            }

            Assert.Equal(AuditHealthStatus.Unhealthy, journal.Health.Status);
            Assert.Contains("disk full", journal.Health.Reason, StringComparison.Ordinal);
            Assert.True(journal.IsAvailable); // not given up: the next write is tried again
            full = false;
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            Assert.Equal(AuditHealthStatus.Healthy, journal.Health.Status);
        }

        var seqs = File.ReadAllLines(JournalPath).Select(l => Json(l).GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        Assert.True(AuditJournalVerifier.Verify(JournalPath, Key).IsIntact);
    }

    [Fact]
    public async Task DiskWatermarks_WarnThenCriticalOnceEach_HealthFollows()
    {
        long free = 10_000_000;
        var storage = new AuditStorage { FreeBytes = _ => Interlocked.Read(ref free) };
        var options = Options(rotateBytes: 1L << 30);
        options.DiskWarnFreeBytes = 5_000_000;
        options.DiskMinFreeBytes = 1_000_000;
        await using (var journal = Open(options, storage))
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            Assert.Equal(AuditHealthStatus.Healthy, journal.Health.Status);

            Interlocked.Exchange(ref free, 4_000_000);
            await TickAsync(journal);
            Assert.Equal(AuditHealthStatus.Degraded, journal.Health.Status);
            Assert.Contains("Audit:DiskWarnFreeBytes", journal.Health.Reason, StringComparison.Ordinal);
            await TickAsync(journal); // still low: no second record

            Interlocked.Exchange(ref free, 500_000);
            await TickAsync(journal);
            Assert.Equal(AuditHealthStatus.Unhealthy, journal.Health.Status);
            Assert.Contains("Audit:DiskMinFreeBytes", journal.Health.Reason, StringComparison.Ordinal);

            Interlocked.Exchange(ref free, 10_000_000);
            await TickAsync(journal);
            Assert.Equal(AuditHealthStatus.Healthy, journal.Health.Status);
        }

        var low = File.ReadAllLines(JournalPath).Select(Json).Where(r => r.GetProperty("type").GetString() == "audit.disk_low").ToList();
        Assert.Equal(["warn", "critical"], low.Select(r => r.GetProperty("level").GetString()));
        Assert.Equal(4_000_000, low[0].GetProperty("free_bytes").GetInt64());
    }

    /// <summary>Lets the disk check run (it runs at most every 10 s) and waits until the loop has handled the tick.</summary>
    private async Task TickAsync(AuditJournal journal)
    {
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
    }

    private AuditOptions Options(long rotateBytes = 4096) => new()
    {
        JournalPath = JournalPath,
        RotateBytes = rotateBytes,
        RotateInterval = TimeSpan.Zero,
        Retention = new AuditRetentionOptions { MaxFiles = 0, MaxAge = TimeSpan.Zero, MaxTotalBytes = 0 },
        CheckpointInterval = TimeSpan.FromSeconds(60),
        DiskWarnFreeBytes = 0,
        DiskMinFreeBytes = 0,
    };

    private AuditJournal Open(AuditOptions options, AuditStorage? storage = null) => new(options, Key, _time, null, storage);

    private async Task WriteAsync(AuditOptions options, int count, int checkpointEvery = 0)
    {
        await using var journal = Open(options);
        for (var i = 1; i <= count; i++)
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            if (checkpointEvery > 0 && i % checkpointEvery == 0)
            {
                _time.Advance(options.CheckpointInterval);
            }
        }
    }

    private PolicyReloadedRecord Reload() => new() { Time = _time.GetUtcNow(), Succeeded = true, ContentHash = "0123456789abcdef" };

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();
}
