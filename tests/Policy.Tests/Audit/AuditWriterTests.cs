using Serilog;
using Serilog.Events;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_Decision_SerilogEventHasConstantTemplateAndEveryField()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        await using var journal = new AuditJournal(_dir.File("audit.jsonl"));
        var writer = new AuditWriter(journal, logger);

        Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1, reason: AccessReason.NotEntitled), CancellationToken.None));

        var e = Assert.Single(sink.Events);
        Assert.Equal(AuditWriter.MessageTemplateText, e.MessageTemplate.Text);
        Assert.Equal(LogEventLevel.Information, e.Level);
        Assert.Equal(AuditTestRecords.Start.AddMilliseconds(1), e.Timestamp);
        Assert.Equal("access.decision", Scalar(e, "EventType"));
        Assert.Equal("deny", Scalar(e, "Decision"));
        Assert.Equal("not_entitled", Scalar(e, "Reason"));
        Assert.Equal("acme", Scalar(e, "Operator"));
        Assert.Equal("signed_url", Scalar(e, "CredentialKind"));
        Assert.Equal("kid-1", Scalar(e, "CredentialId"));
        Assert.Equal("cam1", Scalar(e, "Camera"));
        Assert.Equal("192.0.2.10", Scalar(e, "ClientIp"));
        Assert.Equal("peer", Scalar(e, "ClientIpSource"));
        Assert.Equal("whep", Scalar(e, "Protocol"));
        Assert.Equal("trace-1", Scalar(e, "TraceId"));
        Assert.Equal(12L, Scalar(e, "WebhookLatencyMs"));
        Assert.Equal(false, Scalar(e, "PullTriggered"));
        Assert.Equal(1L, Scalar(e, "AuditSeq"));
        Assert.Equal(64, ((string)Scalar(e, "AuditHash")!).Length);
        Assert.Equal("Audit \"access.decision\" \"deny\" \"not_entitled\"", e.RenderMessage());
    }

    [Theory]
    [InlineData("{Braces} {@x} {0}")]
    [InlineData("evil\r\n[INF] forged line")]
    [InlineData("\u001b[31mred")]
    public async Task WriteAsync_HostileUserAgent_IsAnEscapedPropertyNotTemplate(string userAgent)
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        await using var journal = new AuditJournal(_dir.File("audit.jsonl"));
        var writer = new AuditWriter(journal, logger);

        Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1, userAgent), CancellationToken.None));

        var e = Assert.Single(sink.Events);
        Assert.Equal(AuditWriter.MessageTemplateText, e.MessageTemplate.Text);
        var shown = (string)Scalar(e, "UserAgent")!;
        Assert.Equal(AuditText.ForDisplay(userAgent), shown);
        Assert.DoesNotContain('\r', shown);
        Assert.DoesNotContain('\n', shown);
        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain(userAgent, e.RenderMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_MessageOnly_SameConsoleLine_OnlyTheMessageFields_FullJournalLine()
    {
        var full = new CollectingSink();
        var brief = new CollectingSink();
        using var fullLogger = new LoggerConfiguration().WriteTo.Sink(full).CreateLogger();
        using var briefLogger = new LoggerConfiguration().WriteTo.Sink(brief).CreateLogger();
        var fullPath = _dir.File("full.jsonl");
        var briefPath = _dir.File("brief.jsonl");
        await using (var fullJournal = new AuditJournal(fullPath))
        await using (var briefJournal = new AuditJournal(briefPath))
        {
            var record = AuditTestRecords.Decision(1, "{Braces} \u001b[31m", AccessReason.NotEntitled);
            Assert.True(await new AuditWriter(fullJournal, fullLogger).WriteAsync(record, CancellationToken.None));
            Assert.True(await new AuditWriter(briefJournal, briefLogger, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditWriter>.Instance, messageOnly: true)
                .WriteAsync(record, CancellationToken.None));
        }

        var fullEvent = Assert.Single(full.Events);
        var briefEvent = Assert.Single(brief.Events);
        Assert.Equal(["Decision", "EventType", "Reason"], briefEvent.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.True(fullEvent.Properties.Count > 10);
        // The console copy's line (GatewayLogging's audit template) does not change.
        Assert.Equal(ConsoleLine(fullEvent), ConsoleLine(briefEvent));
        // The journal is not the copy: its line keeps every field.
        Assert.Equal(
            File.ReadAllText(fullPath).Split(",\"prev\"")[0],
            File.ReadAllText(briefPath).Split(",\"prev\"")[0]);
    }

    private static string ConsoleLine(LogEvent e)
    {
        using var text = new StringWriter();
        new Serilog.Formatting.Display.MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} AUD] {Message:lj}{NewLine}").Format(e, text);
        return text.ToString();
    }

    [Fact]
    public async Task WriteAsync_SinkThrows_StillTrueAndJournaled()
    {
        var sink = new ThrowingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        var path = _dir.File("audit.jsonl");
        await using (var journal = new AuditJournal(path))
        {
            var writer = new AuditWriter(journal, logger);
            Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        }

        Assert.Equal(1, sink.Calls);
        Assert.Equal(1, AuditVerifier.Verify(path).RecordCount);
    }

    [Fact]
    public async Task WriteAsync_LoggerItselfThrows_StillTrue()
    {
        var logger = new ThrowingLogger();
        await using var journal = new AuditJournal(_dir.File("audit.jsonl"));
        var writer = new AuditWriter(journal, logger);

        Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        Assert.Equal(1, logger.Calls);
    }

    [Fact]
    public async Task WriteAsync_JournalUnwritable_FalseAndSerilogCopyMarkedNotJournaled()
    {
        var blocker = _dir.File("file");
        await File.WriteAllTextAsync(blocker, "x");
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        await using var journal = new AuditJournal(Path.Combine(blocker, "audit.jsonl"));
        var writer = new AuditWriter(journal, logger);

        Assert.False(await writer.WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));

        var e = Assert.Single(sink.Events);
        Assert.Equal(LogEventLevel.Error, e.Level);
        Assert.Equal(false, Scalar(e, "AuditJournaled"));
        Assert.False(e.Properties.ContainsKey("AuditSeq"));
    }

    [Fact]
    public async Task WriteAsync_SessionEnded_ReasonIsEndReason()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        await using var journal = new AuditJournal(_dir.File("audit.jsonl"));
        var writer = new AuditWriter(journal, logger);
        var record = new SessionEndedRecord { Time = AuditTestRecords.Start, SessionId = "s1", EndReason = "kicked", DurationMs = 10, BytesSent = 20 };

        Assert.True(await writer.WriteAsync(record, CancellationToken.None));

        var e = Assert.Single(sink.Events);
        Assert.Equal("session.end", Scalar(e, "EventType"));
        Assert.Equal("kicked", Scalar(e, "Reason"));
        Assert.Null(Scalar(e, "Decision"));
        Assert.Equal(20L, Scalar(e, "BytesSent"));
    }

    private static object? Scalar(LogEvent e, string name) =>
        Assert.IsType<ScalarValue>(e.Properties[name]).Value;
}
