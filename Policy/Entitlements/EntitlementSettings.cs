namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Who may watch what: the four top-level policy.json sections <c>operators</c>, <c>groups</c>,
/// <c>anonymousLinks</c> and <c>links</c>, gathered into one object so that
/// <see cref="EntitlementTable.TryCreate"/> can validate them together (a group referenced by an
/// operator must exist). The loader deserializes each section into the matching property type and
/// hands them over here; a missing section keeps its safe default.
/// </summary>
public sealed class EntitlementSettings
{
    /// <summary>The <c>operators</c> section. Default: none, so no operator is entitled to anything.</summary>
    public IReadOnlyList<OperatorSettings> Operators { get; init; } = [];

    /// <summary>The <c>groups</c> section. Default: none.</summary>
    public IReadOnlyList<GroupSettings> Groups { get; init; } = [];

    /// <summary>The <c>anonymousLinks</c> section. Default: no camera is open to links without an operator.</summary>
    public AnonymousLinkSettings AnonymousLinks { get; init; } = new();

    /// <summary>The <c>links</c> section. Default: links may be used any number of times until they expire.</summary>
    public LinkUseSettings Links { get; init; } = new();
}
