namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Counts uses of link ids (the <c>jti</c> of a signed link or token) to enforce
/// <see cref="EntitlementTable.MaxUsesPerLinkId"/>; a refusal is
/// <see cref="Access.AccessReason.LinkReused"/>. An interface so a Redis-backed registry can share
/// counts across front doors (a single-use link must not work once per node).
/// </summary>
/// <remarks>
/// Security invariant: under concurrent calls for the same id, no more than <c>maxUses</c> calls
/// ever return true — two simultaneous first uses of a single-use link have exactly one winner.
/// </remarks>
internal interface ILinkUseRegistry
{
    /// <summary>
    /// Records one use of <paramref name="linkId"/> and says whether it was within
    /// <paramref name="maxUses"/>.
    /// </summary>
    /// <param name="linkId">
    /// The link id. Callers should prefix it with the credential kind (e.g. <c>sig:</c>, <c>jwt:</c>)
    /// so ids of different link kinds never collide. An empty id is refused (false).
    /// </param>
    /// <param name="maxUses">Most uses allowed; 0 means unlimited (always true, nothing stored).</param>
    /// <param name="forgetAfter">
    /// The last instant the link itself can still be accepted — its expiry <b>plus</b> any clock
    /// skew the credential check allows. Forgetting earlier would let an expired-but-tolerated link
    /// be used again.
    /// </param>
    /// <param name="cancellationToken">Cancels the call (a remote store may be slow).</param>
    /// <returns>True when this use is allowed; false once <paramref name="maxUses"/> uses were counted.</returns>
    /// <exception cref="Redis.SharedStateUnavailableException">A shared registry could not answer; the use is refused, never allowed uncounted.</exception>
    ValueTask<bool> TryUseAsync(string linkId, int maxUses, DateTimeOffset forgetAfter, CancellationToken cancellationToken);
}
