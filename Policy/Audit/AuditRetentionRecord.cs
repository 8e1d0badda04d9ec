namespace SecureStream.Policy.Audit;

/// <summary>
/// Rotated files were deleted by retention. Written before the files are deleted; states the
/// first seq that is kept and that line's <c>prev</c>, so <c>verify-audit</c> accepts a journal
/// that starts there and reports any other missing start as deletion.
/// </summary>
internal sealed class AuditRetentionRecord : AuditRecord
{
    /// <summary>The rule that required the deletion: <c>max_files</c>, <c>max_age</c> or <c>max_total_bytes</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The first seq kept on disk.</summary>
    public required long FirstSeq { get; init; }

    /// <summary>The <c>prev</c> of that line (64 hex).</summary>
    public required string FirstPrev { get; init; }

    /// <summary>How many files are deleted.</summary>
    public required int DeletedFiles { get; init; }

    /// <summary>How many bytes they held.</summary>
    public required long DeletedBytes { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.Retention;

    /// <inheritdoc />
    internal override string ReasonCode => Rule;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("rule", Rule);
        writer.WriteNumber("first_seq", FirstSeq);
        writer.WriteString("first_prev", FirstPrev);
        writer.WriteNumber("deleted_files", DeletedFiles);
        writer.WriteNumber("deleted_bytes", DeletedBytes);
    }
}
