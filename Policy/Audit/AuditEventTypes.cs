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

    /// <summary>The demo wall issued its links to one client (docs/pages.md, "The demo wall").</summary>
    public const string DemoLinkIssued = "demo.link_issued";

    /// <summary>Refusals of one reason from one source, counted over an interval instead of written one by one.</summary>
    public const string AccessRefusals = "access.refusals";

    /// <summary>A source was locked out after too many signature or token failures.</summary>
    public const string SourceLockedOut = "source.locked_out";

    /// <summary>An administrator lifted a source's lockout through the management API.</summary>
    public const string SourceLockoutLifted = "source.lockout_lifted";

    /// <summary>An administrator kicked a live session through the management API (any front door's, in cluster mode).</summary>
    public const string SessionKicked = "session.kicked";

    /// <summary>A signed checkpoint of the journal's head (written by the journal itself).</summary>
    public const string Checkpoint = "audit.checkpoint";

    /// <summary>Rotated journal files were deleted by retention; states where the kept history starts.</summary>
    public const string Retention = "audit.retention";

    /// <summary>Free disk space for the journal fell below a watermark.</summary>
    public const string DiskLow = "audit.disk_low";

    /// <summary>An administrator minted a signed link or token for a camera and operator through the management API (docs/console.md).</summary>
    public const string LinkMinted = "link.minted";

    /// <summary>A transcoder's ffmpeg failed and is restarted with backoff (docs/transcoding.md).</summary>
    public const string TranscoderRestarted = "transcoder.restarted";
}
