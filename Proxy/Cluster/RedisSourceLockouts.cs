using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;
using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// The lockout table in Redis: failures per source counted across every front door in a fixed
/// window (<c>{prefix}lockout:failures:{source}</c>, expiring with the window), a lockout one key
/// that expires with it (<c>{prefix}lockout:{source}</c>), and an index of lockouts by their end
/// for the management API's list (<c>{prefix}lockout:index</c>). The same rules as
/// <see cref="SourceLockout"/> (docs/security.md "Refusals, lockout and pending admissions").
/// </summary>
/// <remarks>
/// Security invariant: counting a failure and starting the lockout is one Lua script, so exactly
/// one failure — on whichever front door — starts a lockout, and it is audited once. Keys expire on
/// their own, so the table needs no sweep; its size is bounded by the failures of one window.
/// </remarks>
internal sealed class RedisSourceLockouts(SharedState shared, IOptions<GateOptions> gate) : ISourceLockouts
{
    /// <summary>
    /// KEYS: failures, lockout, index. ARGV: threshold, window ms, duration ms, since (unix ms),
    /// until (unix ms), source. Returns the failures when this one started a lockout, otherwise 0.
    /// </summary>
    internal const string RecordFailureScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return 0
        end
        local failures = redis.call('INCR', KEYS[1])
        if failures == 1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        if failures <= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[2], ARGV[4] .. ' ' .. ARGV[5] .. ' ' .. failures, 'PX', ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4])
        redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
        redis.call('PEXPIRE', KEYS[3], ARGV[3])
        return failures
        """;

    /// <summary>KEYS: failures, lockout, index; ARGV[1] the source. Returns the lockout's value, or nil when there was none.</summary>
    internal const string LiftScript = """
        local value = redis.call('GET', KEYS[2])
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[1])
        return value
        """;

    private readonly LockoutOptions _options = gate.Value.Lockout;
    private long _activeCount = -1;
    private int _counting;

    public TimeSpan Window => TimeSpan.FromSeconds(_options.WindowSeconds);

    public async ValueTask<bool> IsLockedOutAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken) =>
        await shared.RunAsync(database => database.KeyExistsAsync(LockoutKey(source)), "lockout check", cancellationToken);

    public async ValueTask<LockoutState?> RecordFailureAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = now.AddSeconds(_options.DurationSeconds);
        RedisValue[] arguments =
        [
            _options.Threshold, _options.WindowSeconds * 1000L, _options.DurationSeconds * 1000L,
            now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), Text(source),
        ];
        var failures = (long)await shared.EvaluateAsync(RecordFailureScript, Keys(source), arguments, "lockout count", cancellationToken);
        return failures == 0 ? null : new LockoutState(source, now, until, (int)failures);
    }

    public async ValueTask<IReadOnlyList<LockoutState>> ActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var members = await shared.RunAsync(
            database => database.SortedSetRangeByScoreAsync(IndexKey, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start),
            "lockout list",
            cancellationToken);
        if (members.Length == 0)
        {
            return [];
        }

        var sources = members.Select(member => ClientSource.Of(IPAddress.Parse(member.ToString()))).ToList();
        var values = await shared.RunAsync(
            database => database.StringGetAsync(sources.Select(LockoutKey).ToArray()), "lockout list", cancellationToken);
        var active = new List<LockoutState>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            // A lockout lifted or ended since the index was read has no value any more.
            if (Parse(sources[i], values[i]) is { } state && state.Until > now)
            {
                active.Add(state);
            }
        }

        return active.OrderBy(state => state.Since).ToList();
    }

    public async ValueTask<LockoutState?> TryLiftAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var value = await shared.EvaluateAsync(LiftScript, Keys(source), [Text(source)], "lockout lift", cancellationToken);
        return Parse(source, (RedisValue)value) is { } state && state.Until > now ? state : null;
    }

    /// <summary>
    /// The count of the cluster's lockouts as of the previous call (the index by end time, read
    /// with one ZCOUNT in the background): a scrape must not wait on Redis. Unknown (null) until
    /// the first count, and again after a count that failed.
    /// </summary>
    public long? CountActive(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _counting, 1) == 0)
        {
            _ = RefreshCountAsync(now);
        }

        var count = Interlocked.Read(ref _activeCount);
        return count < 0 ? null : count;
    }

    private async Task RefreshCountAsync(DateTimeOffset now)
    {
        try
        {
            var count = await shared.RunAsync(
                database => database.SortedSetLengthAsync(IndexKey, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start),
                "lockout count",
                CancellationToken.None);
            Interlocked.Exchange(ref _activeCount, count);
        }
        catch (SecureStream.Policy.Redis.SharedStateUnavailableException)
        {
            Interlocked.Exchange(ref _activeCount, -1);
        }
        finally
        {
            Volatile.Write(ref _counting, 0);
        }
    }

    private RedisKey IndexKey => shared.Key("lockout:index");

    private RedisKey LockoutKey(ClientSource source) => shared.Key("lockout:" + Text(source));

    private RedisKey[] Keys(ClientSource source) => [shared.Key("lockout:failures:" + Text(source)), LockoutKey(source), IndexKey];

    /// <summary>The source's base address: an IPv4 address, or the first address of an IPv6 /64.</summary>
    private static string Text(ClientSource source) => source.Network.BaseAddress.ToString();

    private static LockoutState? Parse(ClientSource source, RedisValue value)
    {
        var parts = value.IsNullOrEmpty ? [] : value.ToString().Split(' ');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var since)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var failures))
        {
            return null;
        }

        return new LockoutState(source, DateTimeOffset.FromUnixTimeMilliseconds(since), DateTimeOffset.FromUnixTimeMilliseconds(until), failures);
    }
}
