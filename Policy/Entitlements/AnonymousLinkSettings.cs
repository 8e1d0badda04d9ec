namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The <c>anonymousLinks</c> section: what an OME-style signed link without a <c>sub</c> may open.
/// Fail closed: with no cameras listed (the default), anonymous links open nothing.
/// </summary>
public sealed class AnonymousLinkSettings
{
    /// <summary>Camera patterns anonymous links may open.</summary>
    public IReadOnlyList<string> Cameras { get; init; } = [];

    /// <summary>
    /// Most concurrent anonymous sessions, all anonymous viewers together. Missing means no cap;
    /// <c>0</c> means none.
    /// </summary>
    public int? MaxSessions { get; init; }
}
