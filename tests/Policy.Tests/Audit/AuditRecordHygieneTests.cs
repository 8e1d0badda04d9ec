using System.Net;
using System.Text.Json;
using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditRecordHygieneTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> HostileValues => new()
    {
        { "crlf", "Mozilla\r\n{\"seq\":99,\"forged\":true}" },
        { "ansi", "\u001b[31mred\u001b[0m" },
        { "braces", "{Braces} {@Destructure} {0}" },
        { "nul", "a\0b" },
        { "separators", "a\u2028b\u2029c\u0085d" },
        { "quotes", "\",\"hash\":\"" + new string('0', 64) + "\"}" },
        { "lone surrogate", "x\ud800y" },
        { "10 KB", new string('A', 10 * 1024) },
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task AppendAsync_HostileValueInEveryStringField_OneEscapedBoundedLine(string label, string value)
    {
        var path = _dir.File("audit.jsonl");
        await using (var journal = new AuditJournal(path))
        {
            Assert.True(await journal.AppendAsync(Hostile(value), CancellationToken.None), label);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(1, bytes.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.All(bytes[..^1], b => Assert.InRange(b, (byte)0x20, (byte)0x7E));
        var root = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(AuditText.BoundEscaped(value, AuditLimits.MaxRefusedUserAgentLength), root.GetProperty("user_agent").GetString());
        Assert.Equal(AuditText.BoundEscaped(value, AuditLimits.MaxRefusedNameLength), root.GetProperty("operator").GetString());
        Assert.Equal(AuditText.Bound(value, AuditLimits.MaxValueLength), root.GetProperty("trace_id").GetString());
        Assert.Equal(1, root.GetProperty("seq").GetInt64());
        Assert.True(AuditVerifier.Verify(path).IsIntact);
    }

    [Fact]
    public async Task AppendAsync_ArbitraryStrings_OneLinePerRecordRoundTripsAndVerifies()
    {
        var path = _dir.File("audit.jsonl");
        var hostile = Gen.OneOf(
            Gen.String,
            Gen.Char.Array[0, 1500].Select(chars => new string(chars)),
            Gen.OneOfConst("\r\n", "\u001b[2J", "{Braces}", "\0", "\ud800", "\udfff\ud800", "\u202E", "\\", "\""));
        var written = 0L;
        await using (var journal = new AuditJournal(path))
        {
            await Gen.Select(hostile, hostile, hostile, hostile, hostile).SampleAsync(async fields =>
            {
                var record = new AccessDecisionRecord
                {
                    Time = AuditTestRecords.Start,
                    TraceId = fields.Item1,
                    Reason = AccessReason.NotEntitled,
                    Operator = fields.Item2,
                    CredentialId = fields.Item3,
                    App = fields.Item4,
                    Camera = fields.Item5,
                    UserAgent = fields.Item1 + fields.Item2,
                    Detail = fields.Item3 + fields.Item4,
                };
                Assert.True(await journal.AppendAsync(record, CancellationToken.None));
                written++;

                var line = File.ReadLines(path).Last();
                var root = JsonDocument.Parse(line).RootElement;
                Assert.Equal(written, root.GetProperty("seq").GetInt64());
                Assert.Equal(AuditText.BoundEscaped(fields.Item2, AuditLimits.MaxRefusedNameLength), root.GetProperty("operator").GetString());
                Assert.Equal(AuditText.BoundEscaped(fields.Item1 + fields.Item2, AuditLimits.MaxRefusedUserAgentLength), root.GetProperty("user_agent").GetString());
            }, iter: 150, threads: 1);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(written, bytes.LongCount(b => b == (byte)'\n'));
        Assert.All(bytes, b => Assert.True(b == (byte)'\n' || b is >= 0x20 and <= 0x7E));
        var result = AuditVerifier.Verify(path);
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(written, result.RecordCount);
    }

    [Fact]
    public async Task AppendAsync_EveryRecordType_WritesItsTypeAndVerifies()
    {
        var path = _dir.File("audit.jsonl");
        var t = AuditTestRecords.Start;
        AuditRecord[] records =
        [
            AuditTestRecords.Decision(1, reason: AccessReason.SignatureInvalid),
            new SessionStartedRecord { Time = t, SessionId = "s1", App = "app", Camera = "cam", ClientIp = IPAddress.Parse("::ffff:192.0.2.1"), Protocol = AuditProtocol.WebRtcWs },
            new SessionEndedRecord { Time = t, SessionId = "s1", EndReason = "stream_expired", DurationMs = 5000, BytesSent = 123456 },
            new WebhookCallRecord { Time = t, Status = "opening", Outcome = "timeout", LatencyMs = 3000 },
            new CameraRegisteredRecord { Time = t, App = "app", Camera = "cam", Action = "register", Source = "rest", Host = "10.0.0.5" },
            new KeyRotatedRecord { Time = t, KeyId = "k2", Action = "retired", KeyUse = "jwt", Fingerprint = "0a1b2c3d" },
            new PolicyReloadedRecord { Time = t, Succeeded = false, ErrorCount = 3, ContentHash = "deadbeef" },
        ];
        await using (var journal = new AuditJournal(path))
        {
            foreach (var record in records)
            {
                Assert.True(await journal.AppendAsync(record, CancellationToken.None));
            }
        }

        var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(records.Select(r => r.EventType), lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal(
            ["access.decision", "session.start", "session.end", "webhook.call", "camera.registered", "key.rotated", "policy.reloaded"],
            lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal("deny", lines[0].GetProperty("decision").GetString());
        Assert.Equal("signature_invalid", lines[0].GetProperty("reason").GetString());
        Assert.Equal("192.0.2.1", lines[1].GetProperty("client_ip").GetString());
        Assert.Equal(123456, lines[2].GetProperty("bytes_sent").GetInt64());
        Assert.False(lines[6].GetProperty("succeeded").GetBoolean());
        Assert.True(AuditVerifier.Verify(path).IsIntact);
    }

    private static AccessDecisionRecord Hostile(string value) => new()
    {
        Time = AuditTestRecords.Start,
        TraceId = value,
        Reason = AccessReason.NotEntitled,
        Operator = value,
        CredentialId = value,
        App = value,
        Camera = value,
        UserAgent = value,
        SessionId = value,
        WebhookOutcome = value,
        Detail = value,
    };
}
