namespace SecureStream.Proxy.Readiness;

/// <summary>
/// Why <c>/readyz</c> answers 503: a closed list of constant codes (docs/configuration.md,
/// "Readiness"), safe to show without authentication. Details are in the authenticated
/// management API, never in the probe.
/// </summary>
internal static class ReadinessReasonCodes
{
    /// <summary>The latest reload of policy.json was rejected: the file asks for a policy that is not running.</summary>
    public const string PolicyReloadRejected = "policy_reload_rejected";

    /// <summary>The audit journal cannot be written (disk full or failing; every viewer is refused with 503 until it can) or its free space is below Audit:DiskMinFreeBytes.</summary>
    public const string AuditJournalUnhealthy = "audit_journal_unhealthy";
}
