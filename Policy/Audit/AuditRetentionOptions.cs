namespace SecureStream.Policy.Audit;

/// <summary>
/// The <c>Audit:Retention</c> section: rotated files are deleted, oldest first, while any rule is
/// exceeded (0 turns a rule off). The active file is never deleted. Each deletion is recorded in
/// the chain (<c>audit.retention</c>) so <c>verify-audit</c> knows where the kept history starts.
/// </summary>
internal sealed class AuditRetentionOptions
{
    /// <summary>Most rotated files kept. 256: bounds the start-up scan and verify-audit's work; the byte rule normally binds first.</summary>
    public int MaxFiles { get; set; } = 256;

    /// <summary>Rotated files whose newest record is older than this are deleted. 90 days: a common minimum for access logs kept online.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Most bytes of journal on disk (rotated files plus the active file). 2 GiB: the hard bound of
    /// the journal's disk use, whatever the traffic.
    /// </summary>
    public long MaxTotalBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
