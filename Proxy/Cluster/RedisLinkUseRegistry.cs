using SecureStream.Policy.Entitlements;
using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// Link uses counted in Redis, so a single-use link works once across every front door: one
/// counter per link id (<c>{prefix}link:{id}</c>), incremented and given its expiry in one Lua
/// script, so check-and-count is one atomic step on the server — the interface's invariant (never
/// more than <c>maxUses</c> true) holds however many front doors race.
/// </summary>
internal sealed class RedisLinkUseRegistry(SharedState shared, TimeProvider time) : ILinkUseRegistry
{
    /// <summary>
    /// KEYS[1] the link's counter; ARGV[1] most uses; ARGV[2] how long to remember it, in ms.
    /// The expiry only ever grows (a later use with a longer-lived credential keeps the count
    /// longer), and is set on the first use, so no counter outlives its link by more than the margin.
    /// </summary>
    internal const string UseScript = """
        local used = redis.call('INCR', KEYS[1])
        local keep = tonumber(ARGV[2])
        if redis.call('PTTL', KEYS[1]) < keep then
          redis.call('PEXPIRE', KEYS[1], keep)
        end
        if used > tonumber(ARGV[1]) then
          return 0
        end
        return 1
        """;

    /// <summary>Least time a counter is kept, even for a link already expired by this node's clock.</summary>
    private static readonly TimeSpan MinimumRetention = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryUseAsync(string linkId, int maxUses, DateTimeOffset forgetAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxUses);
        cancellationToken.ThrowIfCancellationRequested();
        if (maxUses == 0)
        {
            return true;
        }

        if (string.IsNullOrEmpty(linkId))
        {
            return false;
        }

        // The same margin as the single-node registry: a caller that forgot the clock skew must
        // not see a single-use link work twice.
        var keep = forgetAfter + InMemoryLinkUseRegistry.RetentionMargin - time.GetUtcNow();
        var keepMs = (long)Math.Max(keep.TotalMilliseconds, MinimumRetention.TotalMilliseconds);
        var allowed = await shared.EvaluateAsync(UseScript, [shared.Key("link:" + linkId)], [maxUses, keepMs], "link use", cancellationToken);
        return (long)allowed == 1;
    }
}
