namespace SecureStream.Policy.Audit;

/// <summary>The <c>Audit</c> configuration section, bound and validated at start by the front door.</summary>
internal sealed class AuditOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Audit";

    /// <summary>The default checkpoint key: a development secret the default run creates (docs/audit.md).</summary>
    public const string DevelopmentCheckpointKey = "file:data/dev-secrets/audit-checkpoint-key";

    /// <summary>
    /// The durable hash-chained journal (JSON lines), the active file. Rotated files, the
    /// checkpoint file and the lock live beside it. Relative paths are from the working directory.
    /// </summary>
    public string JournalPath { get; set; } = "data/audit/audit.jsonl";

    /// <summary>Where the Serilog copy of each record goes (optional; best effort).</summary>
    public AuditSeqOptions Seq { get; set; } = new();

    /// <summary>
    /// The active file is rotated once it holds this many bytes (checked after each committed
    /// batch). 64 MiB: small enough to copy, grep and verify in seconds, large enough that a busy
    /// gateway rotates a few times a day at most.
    /// </summary>
    public long RotateBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The active file is rotated at the first write (or maintenance tick) after it has been open
    /// this long, so each file covers at most about one interval. Zero turns time rotation off.
    /// </summary>
    public TimeSpan RotateInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Which rotated files are deleted, and when.</summary>
    public AuditRetentionOptions Retention { get; set; } = new();

    /// <summary>
    /// The key that signs checkpoints (HMAC-SHA256), as a secret reference (<c>env:NAME</c> or
    /// <c>file:/path</c>). Security invariant: never the link key — whoever can sign links must
    /// not be able to forge the journal's checkpoints.
    /// </summary>
    public string? CheckpointKey { get; set; } = DevelopmentCheckpointKey;

    /// <summary>How often a signed checkpoint is written while records are being written.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Free space on the journal's file system below which the journal warns (log, audit record, health "degraded").</summary>
    public long DiskWarnFreeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Free space below which health reports "unhealthy": the disk is about to fill and viewers will be refused.</summary>
    public long DiskMinFreeBytes { get; set; } = 128L * 1024 * 1024;
}
