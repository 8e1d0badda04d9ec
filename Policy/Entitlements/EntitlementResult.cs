using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The entitlement decision for one request, a value (a struct, so the hot path allocates nothing).
/// </summary>
/// <param name="Reason">
/// <see cref="AccessReason.Allowed"/>, or why not: <see cref="AccessReason.AnonymousNotAllowed"/>,
/// <see cref="AccessReason.NotEntitled"/> or <see cref="AccessReason.OutsideTimeWindow"/>.
/// </param>
/// <param name="OperatorKey">
/// The session-cap key: <c>op:&lt;id&gt;</c> for a configured operator, <c>anonymous</c> for links
/// without an operator, empty when the operator id is not configured (an attacker-chosen id never
/// becomes a key).
/// </param>
/// <param name="MaxSessions">The cap to pass to <see cref="SessionLimiter.TryAcquire"/>; null means no cap. Only meaningful when allowed.</param>
internal readonly record struct EntitlementResult(AccessReason Reason, string OperatorKey, int? MaxSessions)
{
    /// <summary>Most sessions one link (credential id) may hold inside the pool; null means no share cap.</summary>
    public int? MaxSessionsPerLink { get; init; }

    /// <summary>Most sessions one source (client address, IPv6 /64) may hold inside the pool; null means no share cap.</summary>
    public int? MaxSessionsPerSource { get; init; }

    /// <summary>True when the camera may be watched (session cap and webhook still to come).</summary>
    public bool IsAllowed => Reason == AccessReason.Allowed;
}
