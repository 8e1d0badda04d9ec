namespace SecureStream.Policy.Entitlements;

/// <summary>One configured operator, resolved: its cap key, cap, and grant sets (direct first, then groups).</summary>
internal sealed class OperatorEntitlement
{
    public OperatorEntitlement(string key, bool disabled, int? maxSessions, GrantSet[] grants)
    {
        Key = key;
        Disabled = disabled;
        MaxSessions = maxSessions;
        Grants = grants;
    }

    /// <summary>Per-link share inside <see cref="MaxSessions"/>; null means none.</summary>
    public int? MaxSessionsPerLink { get; init; }

    /// <summary>Per-source share inside <see cref="MaxSessions"/>; null means none.</summary>
    public int? MaxSessionsPerSource { get; init; }

    /// <summary><c>op:&lt;id&gt;</c>, precomputed so a check allocates nothing.</summary>
    public string Key { get; }

    public bool Disabled { get; }

    public int? MaxSessions { get; }

    public GrantSet[] Grants { get; }
}
