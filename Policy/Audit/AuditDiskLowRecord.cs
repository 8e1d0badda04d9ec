namespace SecureStream.Policy.Audit;

/// <summary>Free space for the journal fell below a watermark (written once per fall, not per check).</summary>
internal sealed class AuditDiskLowRecord : AuditRecord
{
    /// <summary><c>warn</c> (below <c>Audit:DiskWarnFreeBytes</c>) or <c>critical</c> (below <c>Audit:DiskMinFreeBytes</c>).</summary>
    public required string Level { get; init; }

    /// <summary>Bytes free when it was measured.</summary>
    public required long FreeBytes { get; init; }

    /// <summary>The watermark that was crossed.</summary>
    public required long WatermarkBytes { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.DiskLow;

    /// <inheritdoc />
    internal override string ReasonCode => Level;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("level", Level);
        writer.WriteNumber("free_bytes", FreeBytes);
        writer.WriteNumber("watermark_bytes", WatermarkBytes);
    }
}
