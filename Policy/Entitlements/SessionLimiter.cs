using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Counts live sessions per cap key (<see cref="EntitlementResult.OperatorKey"/>) and refuses the
/// one that would exceed the cap; the caller answers <see cref="Access.AccessReason.SessionLimit"/>.
/// A singleton shared across policy reloads, so live sessions keep counting when the table is
/// replaced; a cap lowered by a reload refuses new sessions until the count falls below it, and
/// never ends sessions already open.
/// </summary>
/// <remarks>
/// Counters are kept for the process lifetime. Keys come only from the policy file (configured
/// operators and <c>anonymous</c>), never from request input, so their number stays bounded.
/// </remarks>
internal sealed partial class SessionLimiter
{
    private readonly ConcurrentDictionary<string, SessionCounter> _counters = new(StringComparer.Ordinal);
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
    public bool TryAcquire(string operatorKey, int? maxSessions, [NotNullWhen(true)] out SessionLease? lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorKey);
        var counter = _counters.GetOrAdd(operatorKey, static _ => new SessionCounter());
        if (!counter.TryIncrement(maxSessions))
        {
            Log.SessionLimitReached(_logger, operatorKey, maxSessions ?? 0);
            lease = null;
            return false;
        }

        lease = new SessionLease(operatorKey, counter);
        return true;
    }

    /// <summary>Live sessions held under <paramref name="operatorKey"/>; 0 for a key never seen.</summary>
    public int ActiveCount(string operatorKey) =>
        _counters.TryGetValue(operatorKey, out var counter) ? counter.Active : 0;
}
