using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditOptionsValidatorTests
{
    private readonly AuditOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(_validator.Validate(null, new AuditOptions()).Succeeded);

    [Fact]
    public void Validate_SeqWithSecretReference_Succeeds()
    {
        var options = new AuditOptions { Seq = new AuditSeqOptions { Url = "http://seq:5341", ApiKey = "env:SEQ_API_KEY" } };

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
        var options = new AuditOptions { JournalPath = path, Seq = new AuditSeqOptions { Url = url, ApiKey = apiKey } };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("raw-api-key-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        var options = new AuditOptions { JournalPath = " ", Seq = new AuditSeqOptions { Url = "nope", ApiKey = "plain" } };

        var result = _validator.Validate(null, options);

        Assert.Equal(3, result.Failures!.Count());
    }
}
