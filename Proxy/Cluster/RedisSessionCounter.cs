using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Redis;
using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// Session counts shared by every front door: each live session holds a lease — a member of a
/// Redis sorted set per pool and per share, scored by when it lapses — that this node refreshes
/// every <see cref="RefreshInterval"/> while the session lives and removes when it ends. A front
/// door that dies stops refreshing, so its leases lapse within <see cref="LeaseLifetime"/> and its
/// sessions stop counting (docs/cluster.md, "Shared state in Redis").
/// </summary>
/// <remarks>
/// Security invariant: taking a lease is one Lua script — drop lapsed leases, count, refuse at the
/// cap, add — so no pool or share ever holds more live leases than its cap, however many front
/// doors race. Time is Redis's own (<c>TIME</c>), so front doors with skewed clocks agree.
/// </remarks>
internal sealed partial class RedisSessionCounter(SharedState shared, ILogger<RedisSessionCounter> logger) : BackgroundService, ISessionCounter
{
    /// <summary>How long a lease counts without a refresh: a dead front door's sessions stop counting after this.</summary>
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(30);

    /// <summary>How often a live session's lease is refreshed: three refreshes per lifetime, so one lost refresh costs nothing.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// KEYS: the pool, then the link's and the source's share; ARGV[1] the lease id, ARGV[2] the
    /// lifetime in ms, ARGV[2+i] the cap of KEYS[i] (-1: none). Returns 0 when taken, otherwise the
    /// index of the first full key. A key lives as long as its newest lease, so idle pools vanish.
    /// </summary>
    internal const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ttl = tonumber(ARGV[2])
        for i = 1, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
          local cap = tonumber(ARGV[2 + i])
          if cap >= 0 and redis.call('ZCARD', KEYS[i]) >= cap then
            return i
          end
        end
        for i = 1, #KEYS do
          redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
          redis.call('PEXPIRE', KEYS[i], ttl)
        end
        return 0
        """;

    /// <summary>Same keys, ARGV[1] the lease id: removes it everywhere.</summary>
    internal const string ReleaseScript = """
        for i = 1, #KEYS do
          redis.call('ZREM', KEYS[i], ARGV[1])
        end
        return 0
        """;

    private readonly ConcurrentDictionary<string, RedisSessionLease> _held = new(StringComparer.Ordinal);

    /// <summary>Leases this node holds now (its live sessions).</summary>
    public int Held => _held.Count;

    public async ValueTask<SessionSlot> TryAcquireAsync(EntitlementResult entitlement, string? link, IPAddress client, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(entitlement.OperatorKey);
        ArgumentNullException.ThrowIfNull(client);
        var pool = "sessions:" + entitlement.OperatorKey;
        var keys = new List<RedisKey>(3) { shared.Key(pool) };
        var caps = new List<int?>(3) { entitlement.MaxSessions };
        var refusals = new List<string>(3) { SessionPool.PoolFull };
        if (!string.IsNullOrEmpty(link))
        {
            keys.Add(shared.Key(pool + ":link:" + link));
            caps.Add(entitlement.MaxSessionsPerLink);
            refusals.Add(SessionPool.LinkShareFull);
        }

        keys.Add(shared.Key(pool + ":source:" + SourceAddress.Of(client)));
        caps.Add(entitlement.MaxSessionsPerSource);
        refusals.Add(SessionPool.SourceShareFull);

        // The node id names the holder for an operator reading the sets; the random part makes it unique.
        var id = shared.NodeId + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        RedisValue[] arguments = [id, (long)LeaseLifetime.TotalMilliseconds, .. caps.Select(cap => (RedisValue)(cap ?? -1))];
        var full = (long)await shared.EvaluateAsync(AcquireScript, [.. keys], arguments, "session count", cancellationToken);
        if (full > 0)
        {
            return SessionSlot.Refused(refusals[(int)full - 1]);
        }

        var lease = new RedisSessionLease(this, id, [.. keys]);
        _held[id] = lease;
        return new SessionSlot(lease, null);
    }

    /// <summary>The session ended: stop refreshing and remove the lease; if Redis does not answer, it lapses on its own.</summary>
    internal void Release(RedisSessionLease lease)
    {
        _held.TryRemove(lease.Id, out _);
        _ = RemoveAsync(lease);
    }

    private async Task RemoveAsync(RedisSessionLease lease)
    {
        try
        {
            await shared.EvaluateAsync(ReleaseScript, lease.Keys, [lease.Id], "session release", CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            Log.ReleaseLeftToLapse(logger, lease.Id, (int)LeaseLifetime.TotalSeconds);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAllAsync(stoppingToken);
        }
    }

    /// <summary>
    /// Refreshes every lease this node holds (pipelined on the one connection). A failed refresh
    /// never ends a session: the lease is refreshed (or added again) at the next tick that Redis answers.
    /// </summary>
    internal async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        var leases = _held.Values.ToList();
        var refreshed = await Task.WhenAll(leases.Select(lease => RefreshAsync(lease, cancellationToken)));
        var failed = refreshed.Count(ok => !ok);
        if (failed > 0)
        {
            Log.RefreshFailed(logger, failed, leases.Count);
        }
    }

    private async Task<bool> RefreshAsync(RedisSessionLease lease, CancellationToken cancellationToken)
    {
        try
        {
            // The acquire script without caps: pushes the lease's lapse out by a lifetime, and adds
            // it again if an outage longer than the lifetime let it lapse (the session still lives).
            RedisValue[] arguments = [lease.Id, (long)LeaseLifetime.TotalMilliseconds, .. lease.Keys.Select(_ => (RedisValue)(-1))];
            await shared.EvaluateAsync(AcquireScript, lease.Keys, arguments, "session refresh", cancellationToken);
            if (lease.IsReleased)
            {
                // The session ended while this refresh was on its way and may have put the lease
                // back after the release took it out: take it out again.
                await shared.EvaluateAsync(ReleaseScript, lease.Keys, [lease.Id], "session release", cancellationToken);
            }

            return true;
        }
        catch (SharedStateUnavailableException)
        {
            return false;
        }
    }
}
