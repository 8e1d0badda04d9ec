using System.Globalization;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditJournalReaderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Search_Limit_NewestFirstAcrossTheRotatedFile()
    {
        var active = WriteJournal();

        var found = AuditJournalReader.Search(active, new AuditSearchFilter(null, null, null, null, null, null), 4);

        Assert.Equal([8L, 7, 6, 5], found.Select(r => r.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public void Search_Filters_OperatorInBothFormsCameraLinkIdAndTime()
    {
        var active = WriteJournal();

        Assert.Equal([7L, 4, 1], Seqs(active, new AuditSearchFilter("alice", null, null, null, null, null)));
        Assert.Equal([8L], Seqs(active, new AuditSearchFilter("carol", null, null, null, null, null)));
        Assert.Equal([7L, 4, 3], Seqs(active, new AuditSearchFilter(null, "app", "cam1", null, null, null)));
        Assert.Equal([8L, 7], Seqs(active, new AuditSearchFilter(null, null, null, "7f3c9a1e", null, null)));
        Assert.Empty(Seqs(active, new AuditSearchFilter(null, null, null, "7f3c9a", null, null)));
        Assert.Equal([6L, 5, 4], Seqs(active, new AuditSearchFilter(null, null, null, null, Start.AddMinutes(4), Start.AddMinutes(6))));
    }

    [Fact]
    public void Search_LineBeingWritten_IsLeftOut()
    {
        var active = WriteJournal();
        File.AppendAllText(active, """{"seq":9,"time":"2026-12-07T10:09:00Z","type":"access.decision","operator":"al""");

        var found = AuditJournalReader.Search(active, new AuditSearchFilter(null, null, null, null, null, null), AuditJournalReader.MaxLimit + 5);

        Assert.Equal(8, found.Count);
        Assert.Equal(8, found[0].GetProperty("seq").GetInt64());
    }

    private static List<long> Seqs(string active, AuditSearchFilter filter) =>
        [.. AuditJournalReader.Search(active, filter, 100).Select(r => r.GetProperty("seq").GetInt64())];

    /// <summary>Seq 1–5 in a rotated file, 6–8 in the active one, a minute apart.</summary>
    private string WriteJournal()
    {
        var active = _dir.File("audit.jsonl");
        string[] records =
        [
            """ "type":"session.start","operator":"op:alice","app":"app","camera":"cam2" """,
            """ "type":"session.start","operator":"op:bob","app":"app","camera":"cam2" """,
            """ "type":"access.decision","operator":"op:bob","app":"app","camera":"cam1","credential_id":"jti:7f3c9a1e0" """,
            """ "type":"access.decision","operator":"op:alice","app":"app","camera":"cam1" """,
            """ "type":"audit.checkpoint" """,
            """ "type":"policy.reloaded" """,
            """ "type":"access.decision","operator":"alice","app":"app","camera":"cam1","credential_id":"kid:k1 jti:7f3c9a1e" """,
            """ "type":"link.minted","administrator":"carol","operator":"dave","app":"app","camera":"cam3","link_id":"7f3c9a1e" """,
        ];
        var lines = records.Select((fields, i) => string.Create(CultureInfo.InvariantCulture,
            $$"""{"seq":{{i + 1}},"time":"{{Start.AddMinutes(i + 1):yyyy-MM-ddTHH:mm:ss}}Z",{{fields.Trim()}}}""")).ToList();
        File.WriteAllLines(Path.Combine(Path.GetDirectoryName(active)!, "audit-000000000001.jsonl"), lines.Take(5));
        File.WriteAllLines(active, lines.Skip(5));
        return active;
    }
}
