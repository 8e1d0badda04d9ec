using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Proxy.ClusterSessions;
using SecureStream.Proxy.Tests.Cluster;
using SecureStream.Proxy.Tests.Infrastructure;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>
/// A channel's inbox hands on well-formed messages only; the others are counted, and the count is
/// logged at most once a minute, so garbage on a channel can flood neither the node nor its log.
/// </summary>
public sealed class SessionMessageInboxTests
{
    [Fact]
    public async Task Malformed_CountedAndLoggedOncePerInterval_WellFormed_HandedOn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var log = new EventIdLog<SessionMessageInbox>();
        // Never connected: receiving does not touch Redis.
        await using var shared = SharedStateFixture.Connect("127.0.0.1:1");
        var inbox = new SessionMessageInbox(shared, time, log);
        var handed = new List<SessionMessage>();

        for (var i = 0; i < 500; i++)
        {
            inbox.Receive("t:sessions:node:front-a", "garbage " + i, handed.Add);
        }

        Assert.Equal(500, inbox.Refused);
        Assert.Equal([1901], log.Ids);
        Assert.Empty(handed);

        inbox.Receive("t:sessions:node:front-a", "1 end s1 hang_up 42", handed.Add);
        var message = Assert.Single(handed);
        Assert.Equal(("s1", 42L), (message.SessionId, message.OctetsSent));

        time.Advance(SessionMessageInbox.BadMessageLogInterval);
        inbox.Receive("t:sessions:node:front-a", "1 end s1 hang_up -1", handed.Add);
        Assert.Equal([1901, 1901], log.Ids);
        Assert.Equal(501, inbox.Refused);
    }
}
