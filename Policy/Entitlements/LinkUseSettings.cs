namespace SecureStream.Policy.Entitlements;

/// <summary>The <c>links</c> section: how often one link (by its <c>jti</c>) may be used.</summary>
public sealed class LinkUseSettings
{
    /// <summary>
    /// Most uses of one link id; <c>0</c> (the default) means unlimited, <c>1</c> makes links with
    /// a <c>jti</c> single-use.
    /// </summary>
    public int MaxUsesPerLinkId { get; init; }
}
