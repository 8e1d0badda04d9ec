using SecureStream.Policy.Audit;
using SecureStream.Proxy.Cli;

namespace SecureStream.Proxy.Tests.Cli;

/// <summary>verify-audit over a rotated, checkpointed journal: exit codes and the messages a reviewer reads.</summary>
public sealed class VerifyAuditCommandTests : IDisposable
{
    private const string KeyText = "verify-audit-test-key-0123456789";
    private readonly string _directory = Directory.CreateTempSubdirectory("verify-audit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string JournalPath => Path.Combine(_directory, "audit.jsonl");

    private string KeyReference
    {
        get
        {
            var path = Path.Combine(_directory, "key");
            File.WriteAllText(path, KeyText);
            return "file:" + path;
        }
    }

    [Fact]
    public async Task Run_RotatedJournalDirectoryWithKey_IntactAcrossFiles()
    {
        await WriteJournalAsync(80);

        var (exit, output) = Run(_directory, "--checkpoint-key", KeyReference);

        Assert.Equal(0, exit);
        Assert.Contains(": intact, ", output, StringComparison.Ordinal);
        Assert.Contains("signatures verified", output, StringComparison.Ordinal);
        var files = AuditJournalFiles.ListRotated(JournalPath).Count + 1;
        Assert.True(files >= 4, output);
        Assert.Contains($" in {files} file(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DeletedRotatedFile_ExitOneAndNamesIt()
    {
        await WriteJournalAsync(80);
        var deleted = AuditJournalFiles.ListRotated(JournalPath)[1].Path;
        File.Delete(deleted);

        var (exit, output) = Run(JournalPath, "--checkpoint-key", KeyReference);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN", output, StringComparison.Ordinal);
        Assert.Contains("problem: ", output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(deleted) + ") is missing — deleted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WrongKey_ExitOne()
    {
        await WriteJournalAsync(20);
        Environment.SetEnvironmentVariable("SECURESTREAM_TEST_WRONG_CHECKPOINT_KEY", "a-different-key-0123456789abcdef");

        var (exit, output) = Run(JournalPath, "--checkpoint-key", "env:SECURESTREAM_TEST_WRONG_CHECKPOINT_KEY");

        Assert.Equal(1, exit);
        Assert.Contains("not the given key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoKey_IntactAndSaysSignaturesWereNotChecked()
    {
        await WriteJournalAsync(20);

        var (exit, output) = Run(JournalPath);

        Assert.Equal(0, exit);
        Assert.Contains("signatures were NOT checked", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--checkpoint-key", "plain-key-value")]
    [InlineData("--unknown", "x")]
    public async Task Run_BadArguments_ExitTwo(string name, string value)
    {
        await WriteJournalAsync(1);

        var error = new StringWriter();
        Assert.Equal(2, VerifyAuditCommand.Run([JournalPath, name, value], new StringWriter(), error));
        Assert.DoesNotContain("plain-key-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NothingThere_ExitTwo() =>
        Assert.Equal(2, VerifyAuditCommand.Run([Path.Combine(_directory, "absent.jsonl")], new StringWriter(), new StringWriter()));

    [Fact]
    public async Task Run_JournalsOfTwoNodes_EachSummarisedThenOverallIntact()
    {
        var east = Path.Combine(_directory, "fd-east");
        var west = Path.Combine(_directory, "fd-west");
        await WriteJournalAsync(30, Path.Combine(east, "audit.jsonl"), "fd-east");
        await WriteJournalAsync(5, Path.Combine(west, "audit.jsonl"), "fd-west");

        var (exit, output) = Run(east, west, "--checkpoint-key", KeyReference);

        Assert.True(exit == 0, output);
        var lines = output.Split('\n');
        Assert.StartsWith(east + ": intact, ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^  node: fd-east, records \d{4}-\d\d-\d\dT[0-9:.]+Z – \d{4}-\d\d-\d\dT[0-9:.]+Z$", lines[1]);
        Assert.Contains(west + ": intact, ", output, StringComparison.Ordinal);
        Assert.Contains("  node: fd-west, records ", output, StringComparison.Ordinal);
        Assert.Contains("overall: intact, 2 journals, ", output, StringComparison.Ordinal);
        Assert.Contains(", nodes fd-east, fd-west", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoJournalsClaimingOneNode_ExitOneAndSaysSo()
    {
        var first = Path.Combine(_directory, "one", "audit.jsonl");
        var second = Path.Combine(_directory, "two", "audit.jsonl");
        await WriteJournalAsync(3, first, "fd-east");
        await WriteJournalAsync(3, second, "fd-east");

        var (exit, output) = Run(Path.Combine(_directory, "one"), second, "--checkpoint-key", KeyReference);

        Assert.Equal(1, exit);
        Assert.Contains("overall: BROKEN, 0 of 2 journals broken, 0 unreadable, 1 problem(s) across journals", output, StringComparison.Ordinal);
        Assert.Contains("  problem: node fd-east is claimed by 2 journals", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneOfTheJournalsMissing_ExitTwoAfterVerifyingTheOthers()
    {
        await WriteJournalAsync(3, JournalPath, "fd-east");
        var error = new StringWriter();
        var output = new StringWriter();

        var exit = VerifyAuditCommand.Run([JournalPath, Path.Combine(_directory, "absent", "audit.jsonl")], output, error);

        Assert.Equal(2, exit);
        Assert.Contains(JournalPath + ": intact, ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
    }

    private Task WriteJournalAsync(int count) => WriteJournalAsync(count, JournalPath, node: null);

    private static async Task WriteJournalAsync(int count, string journalPath, string? node)
    {
        var options = new AuditOptions
        {
            JournalPath = journalPath,
            RotateBytes = 4096,
            RotateInterval = TimeSpan.Zero,
            Retention = new AuditRetentionOptions { MaxFiles = 0, MaxAge = TimeSpan.Zero, MaxTotalBytes = 0 },
            DiskWarnFreeBytes = 0,
            DiskMinFreeBytes = 0,
        };
        await using var journal = new AuditJournal(options, new AuditCheckpointKey(System.Text.Encoding.UTF8.GetBytes(KeyText)), TimeProvider.System, null, node: node);
        for (var i = 0; i < count; i++)
        {
            Assert.True(await journal.AppendAsync(new PolicyReloadedRecord { Time = DateTimeOffset.UtcNow, Succeeded = true }, CancellationToken.None));
        }
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var exit = VerifyAuditCommand.Run(args, output, new StringWriter());
        return (exit, output.ToString());
    }
}
