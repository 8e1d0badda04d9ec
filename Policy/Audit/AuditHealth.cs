namespace SecureStream.Policy.Audit;

/// <summary>The journal's health and, unless healthy, why (a constant text plus numbers; never a secret).</summary>
internal readonly record struct AuditHealth(AuditHealthStatus Status, string? Reason)
{
    /// <summary>Writing, with enough free space.</summary>
    public static AuditHealth Healthy { get; } = new(AuditHealthStatus.Healthy, null);
}
