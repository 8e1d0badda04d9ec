namespace SecureStream.Policy.Audit;

/// <summary>How the journal is doing, for the management API's <c>/healthz</c>.</summary>
internal enum AuditHealthStatus
{
    /// <summary>Writing, with enough free space.</summary>
    Healthy = 0,

    /// <summary>Writing, but free space is below <c>Audit:DiskWarnFreeBytes</c>.</summary>
    Degraded,

    /// <summary>Not writing (viewers get 503 audit_unavailable), or free space below <c>Audit:DiskMinFreeBytes</c>.</summary>
    Unhealthy,
}
