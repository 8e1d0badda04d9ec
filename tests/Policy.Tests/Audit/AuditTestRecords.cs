using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

internal static class AuditTestRecords
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    public static AccessDecisionRecord Decision(int i, string? userAgent = "Mozilla/5.0", AccessReason reason = AccessReason.Allowed) => new()
    {
        Time = Start.AddMilliseconds(i),
        TraceId = "trace-" + i,
        Reason = reason,
        Operator = "acme",
        CredentialKind = AuditCredentialKind.SignedUrl,
        CredentialId = "kid-1",
        App = "app",
        Camera = "cam" + i,
        ClientIp = IPAddress.Parse("192.0.2.10"),
        ClientIpSource = ClientIpSource.Peer,
        UserAgent = userAgent,
        Protocol = AuditProtocol.Whep,
        SessionId = "s-" + i,
        WebhookOutcome = "allowed",
        WebhookLatencyMs = 12,
        PullTriggered = i % 2 == 0,
    };

    /// <summary>Writes <paramref name="count"/> records to a fresh journal at <paramref name="path"/> and closes it.</summary>
    public static async Task WriteJournalAsync(string path, int count)
    {
        await using var journal = new AuditJournal(path);
        for (var i = 1; i <= count; i++)
        {
            Assert.True(await journal.AppendAsync(Decision(i), CancellationToken.None));
        }
    }
}
