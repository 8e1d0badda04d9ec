using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>
/// The node id in every record, covered by the chain and the checkpoints; one node per journal;
/// verify-audit over a cluster's set of journals; journals written before node ids.
/// </summary>
public sealed class AuditNodeTests : IDisposable
{
    private static readonly AuditCheckpointKey Key = new("0123456789abcdef0123456789abcdef"u8);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(AuditTestRecords.Start);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Append_WithNode_EveryLineCarriesItAndTheSignedCheckpointsBindIt()
    {
        var path = await WriteAsync("node-a", 12);

        var lines = File.ReadAllLines(path);
        Assert.All(lines, line => Assert.Equal("node-a", Json(line).GetProperty("node").GetString()));
        Assert.Contains(lines, line => Json(line).GetProperty("type").GetString() == AuditEventTypes.Checkpoint);

        // Right after the envelope's type, before the record's fields.
        Assert.StartsWith("{\"seq\":1,\"time\":\"2026-11-25T15:00:00.0000000Z\",\"type\":\"policy.reloaded\",\"node\":\"node-a\",", lines[0], StringComparison.Ordinal);

        var report = AuditJournalVerifier.Verify(path, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.True(report.SignaturesChecked);
        Assert.Equal("node-a", report.Node);
        Assert.Equal(["node-a"], report.Nodes);
        Assert.Equal(0, report.PreNodeRecordCount);
        Assert.Equal("2026-11-25T15:00:00.0000000Z", report.FirstTime);
        Assert.Equal(Json(lines[^1]).GetProperty("time").GetString(), report.LastTime);
    }

    [Fact]
    public async Task Verify_NodeOfARecordEdited_ChainBreaksAtThatLine()
    {
        var path = await WriteAsync("node-a", 5);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace("\"node\":\"node-a\"", "\"node\":\"node-b\"", StringComparison.Ordinal);
        AuditForgery.Write(path, lines);

        var report = AuditJournalVerifier.Verify(path, Key);

        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.StartsWith("audit.jsonl line 3: ", StringComparison.Ordinal) && p.Contains("the record was altered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_CheckpointNodeEditedAndRechained_SignatureNoLongerChecksOut()
    {
        var path = await WriteAsync("node-a", 5);
        var lines = File.ReadAllLines(path);
        var checkpoint = Array.FindLastIndex(lines, line => line.Contains("\"type\":\"audit.checkpoint\"", StringComparison.Ordinal));
        lines[checkpoint] = lines[checkpoint].Replace("\"node\":\"node-a\"", "\"node\":\"node-b\"", StringComparison.Ordinal);
        AuditForgery.Write(path, lines[..checkpoint].Concat(AuditForgery.Rechain(lines.Skip(checkpoint), AuditForgery.PrevOf(lines[checkpoint]))));

        var report = AuditJournalVerifier.Verify(path, Key);

        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.Contains("its signature (mac) is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RecordsOfTwoNodesRechainedIntoOneJournal_ReportsTheSwitch()
    {
        var a = await WriteAsync("node-a", 4, "a", signed: false);
        var b = await WriteAsync("node-b", 3, "b", signed: false);
        var mixed = _dir.File("mixed/audit.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(mixed)!);

        // A whole journal made of two: renumbered and re-chained, so the chain alone checks out.
        var lines = File.ReadAllLines(a).Concat(File.ReadAllLines(b))
            .Select((line, i) => "{\"seq\":" + (i + 1) + line[line.IndexOf(',', StringComparison.Ordinal)..]);
        AuditForgery.Write(mixed, AuditForgery.Rechain(lines, AuditChain.ZeroHashHex));

        var report = AuditJournalVerifier.Verify(mixed, null);

        Assert.False(report.IsIntact);
        var problem = Assert.Single(report.Problems);
        Assert.StartsWith("audit.jsonl line 5: the record at seq 5 was written by node node-b, but the records before it by node node-a", problem, StringComparison.Ordinal);
        Assert.Equal(["node-a", "node-b"], report.Nodes);
    }

    [Fact]
    public async Task Verify_RecordWithoutNodeAfterNodeRecords_Reported()
    {
        var path = await WriteAsync("node-a", 3, signed: false);
        var lines = File.ReadAllLines(path).ToList();
        lines.Add(lines[^1].Replace("\"node\":\"node-a\",", string.Empty, StringComparison.Ordinal).Replace("{\"seq\":3,", "{\"seq\":4,", StringComparison.Ordinal));
        AuditForgery.Write(path, AuditForgery.Rechain(lines, AuditChain.ZeroHashHex));

        var report = AuditJournalVerifier.Verify(path, null);

        Assert.Contains(report.Problems, p => p.StartsWith("audit.jsonl line 4: the record at seq 4 carries no node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_JournalOfAnotherNode_RefusedAndNothingAppended()
    {
        var path = await WriteAsync("node-a", 2);
        var before = File.ReadAllBytes(path);

        await using (var journal = new AuditJournal(Options(path), Key, _time, null, node: "node-b"))
        {
            Assert.False(journal.IsAvailable);
            Assert.Contains("written by node node-a, not by this node (node-b)", journal.Problem, StringComparison.Ordinal);
            Assert.False(await journal.AppendAsync(Reload(), CancellationToken.None));
        }

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task VerifySet_TwoNodesInSubdirectories_EachIntactAndTheSetIntact()
    {
        await WriteAsync("node-a", 6, "collected/node-a");
        await WriteAsync("node-b", 4, "collected/node-b");

        var set = AuditJournalSetVerifier.Verify([_dir.File("collected")], Key);

        Assert.True(set.IsIntact, string.Join("\n", set.Problems.Concat(set.Journals.SelectMany(j => j.Report.Problems))));
        Assert.Equal(2, set.Journals.Count);
        Assert.Equal(["node-a", "node-b"], set.Journals.Select(j => j.Report.Node));
        Assert.All(set.Journals, j => Assert.True(j.Report.SignaturesChecked));
    }

    [Fact]
    public async Task VerifySet_TwoJournalsClaimingOneNode_SetFailsThoughEachIsIntact()
    {
        var first = await WriteAsync("node-a", 3, "one");
        var second = await WriteAsync("node-a", 3, "two");

        var set = AuditJournalSetVerifier.Verify([first, second], Key);

        Assert.All(set.Journals, j => Assert.True(j.Report.IsIntact));
        Assert.False(set.IsIntact);
        var problem = Assert.Single(set.Problems);
        Assert.StartsWith("node node-a is claimed by 2 journals (" + first + ", " + second + ")", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifySet_CopyOfAJournalWrittenBeforeNodeIds_ReportedAsACopy()
    {
        var original = CopyPreNodeFixture();
        var copy = _dir.File("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(original))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var set = AuditJournalSetVerifier.Verify([original, copy], Key);

        Assert.All(set.Journals, j => Assert.True(j.Report.IsIntact));
        Assert.False(set.IsIntact);
        Assert.StartsWith(original + ", " + copy + " start with the same record", Assert.Single(set.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifySet_SameJournalNamedTwice_VerifiedOnce()
    {
        var path = await WriteAsync("node-a", 3, "one");

        var set = AuditJournalSetVerifier.Verify([path, Path.GetDirectoryName(path)!], Key);

        Assert.True(set.IsIntact);
        Assert.Single(set.Journals);
    }

    [Fact]
    public void Verify_JournalWrittenBeforeNodeIds_StillIntactWithSignatures()
    {
        var directory = CopyPreNodeFixture();

        var report = AuditJournalVerifier.Verify(directory, Key);

        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.True(report.SignaturesChecked);
        Assert.Equal(2, report.FileCount);
        Assert.Equal(11, report.RecordCount);
        Assert.Null(report.Node);
        Assert.Equal(11, report.PreNodeRecordCount);
        Assert.Contains(report.Notes, n => n.StartsWith("no record carries a node id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_NodeContinuesAJournalWrittenBeforeNodeIds_VerifiesAsThatNode()
    {
        var directory = CopyPreNodeFixture();
        var path = Path.Combine(directory, "audit.jsonl");
        _time.Advance(TimeSpan.FromMinutes(1));

        await using (var journal = new AuditJournal(Options(path), Key, _time, null, node: "node-a"))
        {
            Assert.True(journal.IsAvailable, journal.Problem);
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
        }

        var report = AuditJournalVerifier.Verify(directory, Key);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Equal("node-a", report.Node);
        Assert.Equal(11, report.PreNodeRecordCount);
        Assert.Equal(13, report.RecordCount);
        Assert.Contains(report.Notes, n => n.StartsWith("the first 11 record(s) carry no node id", StringComparison.Ordinal));
    }

    /// <summary>The fixture: a rotated and checkpointed journal written by the journal before node ids existed.</summary>
    private string CopyPreNodeFixture()
    {
        var directory = _dir.File("pre-node");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Audit", "Fixtures", "PreNodeJournal")))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return directory;
    }

    /// <summary>A journal of <paramref name="count"/> records by <paramref name="node"/>; unsigned: no checkpoints at all.</summary>
    private async Task<string> WriteAsync(string node, int count, string directory = ".", bool signed = true)
    {
        var key = signed ? Key : null;
        var path = _dir.File(Path.Combine(directory, "audit.jsonl"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var journal = new AuditJournal(Options(path), key, _time, null, node: node);
        for (var i = 0; i < count; i++)
        {
            Assert.True(await journal.AppendAsync(Reload(), CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return path;
    }

    private static AuditOptions Options(string path) => new()
    {
        JournalPath = path,
        RotateBytes = 1L << 30,
        RotateInterval = TimeSpan.Zero,
        Retention = new AuditRetentionOptions { MaxFiles = 0, MaxAge = TimeSpan.Zero, MaxTotalBytes = 0 },
        DiskWarnFreeBytes = 0,
        DiskMinFreeBytes = 0,
    };

    private PolicyReloadedRecord Reload() => new() { Time = _time.GetUtcNow(), Succeeded = true };

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement;
}
