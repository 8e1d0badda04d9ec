using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class RefusalRecordSizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> EscapeHeavyValues => new()
    {
        { "quotes", new string('"', 8000) },
        { "controls", new string('\u0001', 8000) },
        { "emoji", string.Concat(Enumerable.Repeat("\U0001F600", 4000)) },
        { "html", string.Concat(Enumerable.Repeat("<>&+'`", 1500)) },
        { "plain", new string('A', 8000) },
    };

    [Theory]
    [MemberData(nameof(EscapeHeavyValues))]
    public async Task AppendAsync_WorstCaseRefusal_LineUnderOneKilobyte(string label, string value)
    {
        var path = _dir.File("audit.jsonl");

        // The longest node id a journal takes: the bound holds on every node of a cluster.
        await using (var journal = new AuditJournal(path, node: new string('n', AuditLimits.MaxNodeLength)))
        {
            Assert.True(await journal.AppendAsync(WorstCaseRefusal(value), CancellationToken.None), label);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length < AuditLimits.MaxRefusalLineBytes, $"{label}: {bytes.Length} bytes");
        Assert.True(AuditVerifier.Verify(path).IsIntact);
    }

    [Fact]
    public async Task AppendAsync_SummaryAndLockoutRecords_FixedSizeAndVerify()
    {
        var path = _dir.File("audit.jsonl");
        var t = AuditTestRecords.Start;
        await using (var journal = new AuditJournal(path, node: new string('n', AuditLimits.MaxNodeLength)))
        {
            Assert.True(await journal.AppendAsync(
                new RefusalSummaryRecord
                {
                    Time = t.AddSeconds(10),
                    Reason = AccessReason.RateLimited,
                    Source = "2001:db8:1:2::/64",
                    Count = long.MaxValue,
                    IntervalStart = t,
                    FirstTime = t,
                    LastTime = t.AddSeconds(9),
                    IntervalMs = 10_000,
                },
                CancellationToken.None));
            Assert.True(await journal.AppendAsync(
                new SourceLockedOutRecord { Time = t, Source = "192.0.2.1", Failures = 31, WindowSeconds = 60, Until = t.AddMinutes(10), LastReason = AccessReason.SignatureInvalid },
                CancellationToken.None));
        }

        var lines = File.ReadAllLines(path);
        Assert.All(lines, line => Assert.True(line.Length < AuditLimits.MaxRefusalLineBytes, line));
        Assert.Contains("\"type\":\"access.refusals\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"count\":9223372036854775807", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"type\":\"source.locked_out\"", lines[1], StringComparison.Ordinal);
        Assert.True(AuditVerifier.Verify(path).IsIntact);
    }

    // Every field a refusal can carry, each attacker-chosen field filled with the value; the
    // longest reason code, credential kind, address source and protocol; an IPv6 address.
    private static AccessDecisionRecord WorstCaseRefusal(string value) => new()
    {
        Time = AuditTestRecords.Start,
        TraceId = new string('f', 32),
        Reason = AccessReason.TokenAlgorithmRefused,
        Operator = "op:" + value,
        CredentialKind = AuditCredentialKind.SignedUrl,
        CredentialId = "jti:" + value,
        App = value,
        Camera = value,
        ClientIp = IPAddress.Parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
        ClientIpSource = ClientIpSource.XForwardedFor,
        UserAgent = value,
        Protocol = AuditProtocol.WebRtcWs,
        SessionId = "s-" + new string('x', 22),
        WebhookOutcome = "unavailable",
        WebhookLatencyMs = long.MaxValue,
        PullTriggered = false,
        Detail = value,
    };
}
