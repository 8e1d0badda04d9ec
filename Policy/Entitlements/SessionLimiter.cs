using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Counts live sessions per cap key (<see cref="EntitlementResult.OperatorKey"/>) and, inside each
/// pool, per link and per source, and refuses the session that would exceed any of the three; the
/// caller answers <see cref="Access.AccessReason.SessionLimit"/>. A singleton shared across policy
/// reloads, so live sessions keep counting when the table is replaced; a cap lowered by a reload
/// refuses new sessions until the count falls below it, and never ends sessions already open.
/// </summary>
/// <remarks>
/// <para>Why shares (docs/policy-file-sections.md, <c>anonymousLinks</c>): without them one client
/// holding many requests open on one anonymous link takes the whole anonymous pool, and every
/// other anonymous viewer gets 429. With them a link holds at most its per-link share and a
/// source (an address, an IPv6 /64) at most its per-source share, so it takes many links from many
/// sources to fill the pool.</para>
/// <para>Pools are kept for the process lifetime; their keys come only from the policy file
/// (configured operators and <c>anonymous</c>), never from request input, so their number stays
/// bounded. Link and source entries live only while they hold a session.</para>
/// </remarks>
internal sealed partial class SessionLimiter : ISessionCounter
{
    private readonly ConcurrentDictionary<string, SessionPool> _pools = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public SessionLimiter(ILogger<SessionLimiter>? logger = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Takes a session slot for <paramref name="operatorKey"/> unless it already holds
    /// <paramref name="maxSessions"/> (null: no cap, the session is only counted; 0: always refused).
    /// Thread-safe: under any contention at most <paramref name="maxSessions"/> leases are live.
    /// </summary>
    /// <param name="operatorKey">A non-empty key from an allowed <see cref="EntitlementResult"/>.</param>
    /// <param name="maxSessions">The cap from the same result.</param>
    /// <param name="lease">The slot, to dispose when the session ends; null when refused.</param>
    /// <returns>False when the cap is reached.</returns>
    public bool TryAcquire(string operatorKey, int? maxSessions, [NotNullWhen(true)] out SessionLease? lease) =>
        TryAcquire(operatorKey, new SessionClaim(maxSessions, null, null, null, null), out lease, out _);

    /// <summary>
    /// Takes a session slot for an allowed <paramref name="entitlement"/>, counted against its pool,
    /// the share of <paramref name="link"/> (the credential id) and the share of
    /// <paramref name="client"/> (its /64 for IPv6). Thread-safe: under any contention no pool or
    /// share holds more live leases than its cap.
    /// </summary>
    /// <param name="entitlement">An allowed result of <see cref="EntitlementTable.Check"/>.</param>
    /// <param name="link">The credential id; null when the credential has none (not counted per link).</param>
    /// <param name="client">The client address the gate resolved.</param>
    /// <param name="lease">The slot, to dispose when the session ends; null when refused.</param>
    /// <param name="refusal">When refused, which share was full (a constant text for the audit detail).</param>
    /// <returns>False when the pool or a share is full.</returns>
    public bool TryAcquire(EntitlementResult entitlement, string? link, IPAddress client, [NotNullWhen(true)] out SessionLease? lease, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(client);
        var claim = new SessionClaim(
            entitlement.MaxSessions,
            string.IsNullOrEmpty(link) ? null : link,
            entitlement.MaxSessionsPerLink,
            SourceAddress.Of(client),
            entitlement.MaxSessionsPerSource);
        return TryAcquire(entitlement.OperatorKey, claim, out lease, out refusal);
    }

    /// <inheritdoc />
    public ValueTask<SessionSlot> TryAcquireAsync(EntitlementResult entitlement, string? link, IPAddress client, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAcquire(entitlement, link, client, out var lease, out var refusal) ? new SessionSlot(lease, null) : SessionSlot.Refused(refusal!));

    /// <summary>Live sessions held under <paramref name="operatorKey"/>; 0 for a key never seen.</summary>
    public int ActiveCount(string operatorKey) =>
        _pools.TryGetValue(operatorKey, out var pool) ? pool.Active : 0;

    /// <summary>Live sessions <paramref name="client"/>'s source holds under <paramref name="operatorKey"/>.</summary>
    public int ActiveCount(string operatorKey, IPAddress client) =>
        _pools.TryGetValue(operatorKey, out var pool) ? pool.ActiveForSource(client) : 0;

    private bool TryAcquire(string operatorKey, in SessionClaim claim, [NotNullWhen(true)] out SessionLease? lease, out string? refusal)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorKey);
        var pool = _pools.GetOrAdd(operatorKey, static _ => new SessionPool());
        refusal = pool.TryTake(claim);
        if (refusal is not null)
        {
            Log.SessionLimitReached(_logger, operatorKey, refusal);
            lease = null;
            return false;
        }

        lease = new SessionLease(operatorKey, pool, claim.Link, claim.Source);
        return true;
    }
}
