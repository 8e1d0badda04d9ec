namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The <c>anonymousLinks</c> section: what an OME-style signed link without a <c>sub</c> may open.
/// Fail closed: with no cameras listed (the default), anonymous links open nothing.
/// </summary>
public sealed class AnonymousLinkSettings
{
    /// <summary>Camera patterns anonymous links may open.</summary>
    public IReadOnlyList<string> Cameras { get; set; } = [];

    /// <summary>
    /// Most concurrent anonymous sessions, all anonymous viewers together. Missing means no cap;
    /// <c>0</c> means none.
    /// </summary>
    public int? MaxSessions { get; init; }

    /// <summary>
    /// Most concurrent anonymous sessions on one link (one credential id), so a single link cannot
    /// take the pool. Missing means <see cref="DefaultMaxSessionsPerShare"/>.
    /// </summary>
    public int? MaxSessionsPerLink { get; init; }

    /// <summary>
    /// Most concurrent anonymous sessions from one source (an IPv4 address, an IPv6 /64), so a
    /// single client cannot take the pool with many links. Missing means <see cref="DefaultMaxSessionsPerShare"/>.
    /// </summary>
    public int? MaxSessionsPerSource { get; init; }

    /// <summary>
    /// The default of both shares: one demo wall (four tiles, each on its own link) from one
    /// browser fits; a fifth concurrent session from one link or one address does not.
    /// </summary>
    public const int DefaultMaxSessionsPerShare = 4;
}
