using System.Net;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Counts live sessions against an entitlement's caps (its pool, the link's share, the source's
/// share) and refuses the one that would exceed any; the caller answers
/// <see cref="Access.AccessReason.SessionLimit"/>. <see cref="SessionLimiter"/> counts in this
/// process; in cluster mode a Redis-backed counter counts across front doors.
/// </summary>
/// <remarks>
/// Security invariant: under any contention, across every front door sharing the counter, no pool
/// or share holds more live slots than its cap. A counter that cannot answer throws
/// <see cref="Redis.SharedStateUnavailableException"/>: it never admits uncounted.
/// </remarks>
internal interface ISessionCounter
{
    /// <summary>
    /// Takes a slot for an allowed <paramref name="entitlement"/>, counted against its pool, the
    /// share of <paramref name="link"/> (the credential id; null: not counted per link) and the
    /// share of <paramref name="client"/>'s source (its /64 for IPv6).
    /// </summary>
    /// <returns>The slot (dispose it when the session ends), or which share was full.</returns>
    ValueTask<SessionSlot> TryAcquireAsync(EntitlementResult entitlement, string? link, IPAddress client, CancellationToken cancellationToken);
}

/// <summary>
/// What <see cref="ISessionCounter.TryAcquireAsync"/> answered: a <paramref name="Lease"/> to
/// dispose when the session ends (released exactly once however often disposed), or the
/// <paramref name="Refusal"/> (a constant text for the audit detail: which share was full).
/// </summary>
internal readonly record struct SessionSlot(IDisposable? Lease, string? Refusal)
{
    public static SessionSlot Refused(string refusal) => new(null, refusal);
}
