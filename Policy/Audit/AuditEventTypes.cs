namespace SecureStream.Policy.Audit;

/// <summary>The closed list of audit event types. Stable: Seq queries and reviewers match on them.</summary>
internal static class AuditEventTypes
{
    /// <summary>The gate allowed or denied a request.</summary>
    public const string AccessDecision = "access.decision";

    /// <summary>An admitted viewer's media session started.</summary>
    public const string SessionStart = "session.start";

    /// <summary>A session ended, however it ended.</summary>
    public const string SessionEnd = "session.end";

    /// <summary>The admission webhook was called (opening or closing).</summary>
    public const string WebhookCall = "webhook.call";

    /// <summary>A camera entered the registry.</summary>
    public const string CameraRegistered = "camera.registered";

    /// <summary>A signing key was added or retired.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>policy.json was (re)loaded, successfully or not.</summary>
    public const string PolicyReloaded = "policy.reloaded";

    /// <summary>A signed checkpoint of the journal's head (written by the journal itself).</summary>
    public const string Checkpoint = "audit.checkpoint";

    /// <summary>Rotated journal files were deleted by retention; states where the kept history starts.</summary>
    public const string Retention = "audit.retention";

    /// <summary>Free disk space for the journal fell below a watermark.</summary>
    public const string DiskLow = "audit.disk_low";
}
