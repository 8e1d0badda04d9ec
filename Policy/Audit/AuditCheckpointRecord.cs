namespace SecureStream.Policy.Audit;

/// <summary>
/// A signed statement by the journal: "the chain reached <see cref="HeadSeq"/> with hash
/// <see cref="HeadHash"/>". Written by the journal itself (on a schedule, at rotation and at
/// shutdown) right after its head, so <c>head_seq</c> is always this line's <c>seq</c> − 1; copied
/// to the checkpoint file and to Seq. A journal that ends before a checkpoint, or whose line at a
/// checkpointed seq differs, was cut or rewritten (docs/audit.md, checkpoints).
/// </summary>
internal sealed class AuditCheckpointRecord : AuditRecord
{
    /// <summary>Why it was written: <c>interval</c>, <c>rotation</c> or <c>shutdown</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>The seq of the line before this one.</summary>
    public required long HeadSeq { get; init; }

    /// <summary>That line's hash (64 hex; zeros when the journal was empty).</summary>
    public required string HeadHash { get; init; }

    /// <summary>The file name the checkpoint was written to (the active file's name).</summary>
    public required string File { get; init; }

    /// <summary>The seq of that file's first line: the rotated file will be named after it.</summary>
    public required long FileFirstSeq { get; init; }

    /// <summary>The signing key's public fingerprint.</summary>
    public required string KeyId { get; init; }

    /// <summary>HMAC-SHA256 over the fields (<see cref="AuditCheckpointKey"/>).</summary>
    public required string Mac { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.Checkpoint;

    /// <inheritdoc />
    internal override string ReasonCode => Reason;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("reason", Reason);
        writer.WriteNumber("head_seq", HeadSeq);
        writer.WriteString("head_hash", HeadHash);
        writer.WriteString("file", File);
        writer.WriteNumber("file_first_seq", FileFirstSeq);
        writer.WriteString("key_id", KeyId);
        writer.WriteString("mac", Mac);
    }
}
