namespace SecureStream.Proxy.Readiness;

/// <summary>
/// Why <c>/readyz</c> answers 503: a closed list of constant codes (docs/operations.md), safe to show without authentication. Details are in the authenticated
/// management API, never in the probe.
/// </summary>
internal static class ReadinessReasonCodes
{
    /// <summary>The latest reload of policy.json was rejected: the file asks for a policy that is not running.</summary>
    public const string PolicyReloadRejected = "policy_reload_rejected";

    /// <summary>The audit journal cannot be written (disk full or failing; every viewer is refused with 503 until it can) or its free space is below Audit:DiskMinFreeBytes.</summary>
    public const string AuditJournalUnhealthy = "audit_journal_unhealthy";

    /// <summary>Cluster mode: the connection to Redis (<c>Cluster:Redis</c>) is down or was never opened; admissions that need shared state are refused 503 <c>shared_state_unavailable</c>.</summary>
    public const string SharedStateUnavailable = "shared_state_unavailable";

    /// <summary>The media port (<c>WebRtc:Ice:Port</c>, UDP and ICE-TCP) is not bound: another process held it at start; the bind is retried, and offers are refused 503 until it succeeds.</summary>
    public const string MediaPortUnbound = "media_port_unbound";
}
