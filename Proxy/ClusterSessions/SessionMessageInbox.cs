using SecureStream.Proxy.Cluster;
using StackExchange.Redis;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Subscribes one channel and hands each well-formed message to a handler. A message that does not
/// parse is counted, and the count is logged at most once per <see cref="BadMessageLogInterval"/>,
/// so a flood of garbage cannot flood the log either. Subscribing retries until Redis answers: a
/// node started while Redis is down still hears its messages once it is back.
/// </summary>
internal sealed partial class SessionMessageInbox(SharedState shared, TimeProvider time, ILogger<SessionMessageInbox> logger)
{
    /// <summary>How often a count of refused messages may be logged.</summary>
    public static readonly TimeSpan BadMessageLogInterval = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(2);

    private long _bad;
    private long _lastLogged = long.MinValue;

    /// <summary>Messages refused since start.</summary>
    public long Refused => Interlocked.Read(ref _bad);

    /// <summary>Subscribes <paramref name="handle"/> to <paramref name="channel"/>, retrying until Redis answers or <paramref name="stopping"/>.</summary>
    public async Task ListenAsync(RedisChannel channel, Action<SessionMessage> handle, CancellationToken stopping)
    {
        var name = channel.ToString();
        while (true)
        {
            try
            {
                await shared.SubscribeAsync(channel, text => Receive(name, text, handle), stopping);
                Log.Listening(logger, name);
                return;
            }
            catch (SecureStream.Policy.Redis.SharedStateUnavailableException)
            {
                await Task.Delay(SubscribeRetry, time, stopping);
            }
        }
    }

    /// <summary>Parses one received message: handled when well-formed, counted otherwise.</summary>
    internal void Receive(string channel, string text, Action<SessionMessage> handle)
    {
        if (SessionMessage.TryParse(text, out var message))
        {
            handle(message!);
            return;
        }

        Refuse(channel);
    }

    /// <summary>Counts a message refused by its receiver (malformed, or naming what it may not).</summary>
    public void Refuse(string channel)
    {
        var refused = Interlocked.Increment(ref _bad);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogged);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= BadMessageLogInterval) &&
            Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            Log.MessagesRefused(logger, channel, refused);
        }
    }
}
