using System.Text;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_EmptyFile_IsIntactWithNoRecords()
    {
        var path = _dir.File("audit.jsonl");
        await File.WriteAllBytesAsync(path, []);

        Assert.Equal(AuditVerification.Intact(0), AuditVerifier.Verify(path));
    }

    [Fact]
    public void Verify_MissingFile_IsNotIntactWithoutLine()
    {
        var result = AuditVerifier.Verify(_dir.File("absent.jsonl"));

        Assert.False(result.IsIntact);
        Assert.Null(result.FirstBadLine);
    }

    [Fact]
    public async Task Verify_OneFieldEdited_NamesThatLineAsAltered()
    {
        var path = await JournalAsync(5);
        EditLines(path, lines => lines[2] = lines[2].Replace("\"camera\":\"cam3\"", "\"camera\":\"cam9\"", StringComparison.Ordinal));

        var result = AuditVerifier.Verify(path);

        AssertBroken(result, line: 3, records: 2, "altered");
    }

    [Fact]
    public async Task Verify_DecisionFlippedInFirstLine_NamesLineOne()
    {
        var path = await JournalAsync(3);
        EditLines(path, lines => lines[0] = lines[0].Replace("\"decision\":\"allow\"", "\"decision\":\"deny\"", StringComparison.Ordinal));

        AssertBroken(AuditVerifier.Verify(path), line: 1, records: 0, "altered");
    }

    [Fact]
    public async Task Verify_LineDeleted_NamesTheLineAfterTheGap()
    {
        var path = await JournalAsync(5);
        EditLines(path, lines => lines.RemoveAt(2));

        AssertBroken(AuditVerifier.Verify(path), line: 3, records: 2, "seq jumps from 2 to 4");
    }

    [Fact]
    public async Task Verify_FirstLineDeleted_NamesLineOne()
    {
        var path = await JournalAsync(3);
        EditLines(path, lines => lines.RemoveAt(0));

        AssertBroken(AuditVerifier.Verify(path), line: 1, records: 0, "seq jumps from 0 to 2");
    }

    [Fact]
    public async Task Verify_AdjacentLinesSwapped_NamesTheFirstMovedLine()
    {
        var path = await JournalAsync(5);
        EditLines(path, lines => (lines[2], lines[3]) = (lines[3], lines[2]));

        AssertBroken(AuditVerifier.Verify(path), line: 3, records: 2, "seq jumps from 2 to 4");
    }

    [Fact]
    public async Task Verify_LineRepeated_ReportsSeqGoingBack()
    {
        var path = await JournalAsync(4);
        EditLines(path, lines => lines.Insert(3, lines[1]));

        AssertBroken(AuditVerifier.Verify(path), line: 4, records: 3, "seq goes back from 3 to 2");
    }

    [Fact]
    public async Task Verify_LineReplacedWithSelfConsistentForgery_NamesTheNextLine()
    {
        var path = await JournalAsync(5);
        EditLines(path, lines => lines[2] = Rehash(lines[2].Replace("\"reason\":\"allowed\"", "\"reason\":\"not_entitled\"", StringComparison.Ordinal)));

        AssertBroken(AuditVerifier.Verify(path), line: 4, records: 3, "prev does not match");
    }

    [Fact]
    public async Task Verify_LastLineCutWithoutNewline_NamesItTruncated()
    {
        var path = await JournalAsync(5);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^40]);

        AssertBroken(AuditVerifier.Verify(path), line: 5, records: 4, "truncated");
    }

    [Fact]
    public async Task Verify_LastLineCutButTerminated_NamesIt()
    {
        var path = await JournalAsync(5);
        EditLines(path, lines => lines[4] = lines[4][..(lines[4].Length / 2)]);

        AssertBroken(AuditVerifier.Verify(path), line: 5, records: 4, "hash");
    }

    [Theory]
    [InlineData("\u001b[31m")]
    [InlineData("\r")]
    [InlineData("\u0000")]
    [InlineData("é")]
    public async Task Verify_RawControlOrNonAsciiInLine_IsRejected(string inserted)
    {
        var path = await JournalAsync(3);
        EditLines(path, lines => lines[1] = lines[1].Replace("Mozilla", "Mozilla" + inserted, StringComparison.Ordinal));

        AssertBroken(AuditVerifier.Verify(path), line: 2, records: 1, "raw control");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("not json at all")]
    public async Task Verify_UnparseableLine_NamesIt(string replacement)
    {
        var path = await JournalAsync(3);
        EditLines(path, lines => lines[1] = replacement);

        var result = AuditVerifier.Verify(path);

        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBadLine);
    }

    [Fact]
    public async Task Verify_HugeLineWithoutNewline_StopsAtTheLimit()
    {
        var path = _dir.File("huge.jsonl");
        await File.WriteAllTextAsync(path, new string('a', 1_000_000));

        AssertBroken(AuditVerifier.Verify(path), line: 1, records: 0, "longer than the line limit");
    }

    [Fact]
    public async Task Verify_NestedValueSmuggledIn_IsRejected()
    {
        var path = await JournalAsync(2);
        EditLines(path, lines => lines[0] = Rehash(lines[0].Replace("\"app\":\"app\"", "\"app\":{\"x\":1}", StringComparison.Ordinal)));

        AssertBroken(AuditVerifier.Verify(path), line: 1, records: 0, "plain values");
    }

    private static void AssertBroken(AuditVerification result, long line, long records, string problemPart)
    {
        Assert.False(result.IsIntact);
        Assert.Equal(line, result.FirstBadLine);
        Assert.Equal(records, result.RecordCount);
        Assert.Contains(problemPart, result.Problem, StringComparison.Ordinal);
    }

    /// <summary>What an attacker who knows the format can do to one line: recompute its own hash.</summary>
    private static string Rehash(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        var body = bytes.AsSpan(0, bytes.Length - AuditChain.TailLength);
        var prevStart = line.LastIndexOf("\"prev\":\"", StringComparison.Ordinal) + 8;
        var prev = Convert.FromHexString(line.AsSpan(prevStart, 64));
        var hash = new byte[32];
        AuditChain.ComputeHash(prev, body, hash);
        var tail = new byte[AuditChain.TailLength];
        AuditChain.WriteTail(hash, tail);
        return Encoding.ASCII.GetString(body) + Encoding.ASCII.GetString(tail);
    }

    private static void EditLines(string path, Action<List<string>> edit)
    {
        var lines = File.ReadAllLines(path).ToList();
        edit(lines);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
    }

    private async Task<string> JournalAsync(int count)
    {
        var path = _dir.File("audit.jsonl");
        await AuditTestRecords.WriteJournalAsync(path, count);
        Assert.True(AuditVerifier.Verify(path).IsIntact);
        return path;
    }
}
