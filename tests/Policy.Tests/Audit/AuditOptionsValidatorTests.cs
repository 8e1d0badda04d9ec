using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditOptionsValidatorTests : IDisposable
{
    private readonly AuditOptionsValidator _validator = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_DefaultsWithKey_Succeed() =>
        Assert.True(_validator.Validate(null, new AuditOptions { CheckpointKey = Key() }).Succeeded);

    [Fact]
    public void Validate_DefaultKeyMissing_NamesKeyAndFile()
    {
        var result = _validator.Validate(null, new AuditOptions { CheckpointKey = "file:" + _dir.File("absent") });

        Assert.Contains(result.Failures!, f => f.Contains("Audit:CheckpointKey", StringComparison.Ordinal) && f.Contains("absent", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LiteralOrShortKey_Refused()
    {
        Assert.Contains(_validator.Validate(null, new AuditOptions { CheckpointKey = "the-key-itself-0123456789" }).Failures!,
            f => f.Contains("env: or file:", StringComparison.Ordinal) && !f.Contains("the-key-itself", StringComparison.Ordinal));
        File.WriteAllText(_dir.File("short"), "short");
        Assert.Contains(_validator.Validate(null, new AuditOptions { CheckpointKey = "file:" + _dir.File("short") }).Failures!,
            f => f.Contains("shorter than 16 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LifecycleOutOfRange_NamesEachKey()
    {
        var options = new AuditOptions
        {
            CheckpointKey = Key(),
            RotateBytes = 1000,
            RotateInterval = TimeSpan.FromSeconds(5),
            CheckpointInterval = TimeSpan.Zero,
            DiskWarnFreeBytes = 1,
            DiskMinFreeBytes = 2,
            Retention = new AuditRetentionOptions { MaxFiles = -1, MaxAge = TimeSpan.FromDays(-1), MaxTotalBytes = 1500 },
        };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        foreach (var key in new[] { "Audit:RotateBytes", "Audit:RotateInterval", "Audit:CheckpointInterval", "Audit:DiskWarnFreeBytes",
            "Audit:Retention:MaxFiles", "Audit:Retention:MaxAge", "Audit:Retention:MaxTotalBytes" })
        {
            Assert.Contains(failures, f => f.StartsWith(key, StringComparison.Ordinal));
        }
    }

    private string Key()
    {
        File.WriteAllText(_dir.File("key"), "0123456789abcdef0123456789abcdef");
        return "file:" + _dir.File("key");
    }

    [Fact]
    public void Validate_SeqWithSecretReference_Succeeds()
    {
        var options = new AuditOptions { CheckpointKey = Key(), Seq = new AuditSeqOptions { Url = "http://seq:5341", ApiKey = "env:SEQ_API_KEY" } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", null, null, "Audit:JournalPath")]
    [InlineData("data/audit/", null, null, "names a directory")]
    [InlineData("a\0b", null, null, "Audit:JournalPath")]
    [InlineData("audit.jsonl", "seq:5341", null, "Audit:Seq:Url")]
    [InlineData("audit.jsonl", "ftp://seq", null, "Audit:Seq:Url")]
    [InlineData("audit.jsonl", "https://user:pw@seq", null, "user information")]
    [InlineData("audit.jsonl", "https://seq", "raw-api-key-value", "secret reference")]
    [InlineData("audit.jsonl", null, "env:SEQ_API_KEY", "Audit:Seq:Url is not")]
    public void Validate_Problem_NamesKey(string path, string? url, string? apiKey, string expected)
    {
        var options = new AuditOptions { JournalPath = path, CheckpointKey = Key(), Seq = new AuditSeqOptions { Url = url, ApiKey = apiKey } };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("raw-api-key-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        var options = new AuditOptions { JournalPath = " ", CheckpointKey = Key(), Seq = new AuditSeqOptions { Url = "nope", ApiKey = "plain" } };

        var result = _validator.Validate(null, options);

        Assert.Equal(3, result.Failures!.Count());
    }
}
