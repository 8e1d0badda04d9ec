namespace SecureStream.Policy.Entitlements;

/// <summary>
/// One entry of the <c>operators</c> section: a person or system that a credential's <c>sub</c>
/// names. An operator may watch its direct <see cref="Cameras"/> (inside its own
/// <see cref="Windows"/>) and every camera of its <see cref="Groups"/> (inside each group's windows).
/// </summary>
public sealed class OperatorSettings
{
    /// <summary>The operator id as it appears in <c>sub</c>: 1–64 characters of <c>[A-Za-z0-9._@-]</c>, matched case-sensitively.</summary>
    public string? Id { get; init; }

    /// <summary>Ids of groups (from the <c>groups</c> section) whose grants this operator inherits.</summary>
    public IReadOnlyList<string> Groups { get; set; } = [];

    /// <summary>Camera patterns (<c>app/stream</c>, <c>*</c> within a name) granted directly.</summary>
    public IReadOnlyList<string> Cameras { get; set; } = [];

    /// <summary>
    /// Most concurrent sessions this operator may hold. Missing means no cap; <c>0</c> means no
    /// session at all (fail closed rather than reading 0 as "unlimited").
    /// </summary>
    public int? MaxSessions { get; init; }

    /// <summary>Most concurrent sessions of this operator on one link (credential id). Missing means no share cap (only <see cref="MaxSessions"/>).</summary>
    public int? MaxSessionsPerLink { get; init; }

    /// <summary>Most concurrent sessions of this operator from one source (an IPv4 address, an IPv6 /64). Missing means no share cap.</summary>
    public int? MaxSessionsPerSource { get; init; }

    /// <summary>When the direct <see cref="Cameras"/> may be watched; none means always.</summary>
    public IReadOnlyList<TimeWindowSettings> Windows { get; set; } = [];

    /// <summary>A disabled operator is refused everything, exactly like an unknown one.</summary>
    public bool Disabled { get; init; }
}
