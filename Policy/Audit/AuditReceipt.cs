namespace SecureStream.Policy.Audit;

/// <summary>
/// What the journal did with one record: <see cref="Written"/> is true only once the line is on
/// disk; then <see cref="Seq"/> and <see cref="Hash"/> identify it in the chain (the writer copies
/// them to Seq, which makes Seq an outside anchor for the local chain).
/// </summary>
internal readonly record struct AuditReceipt(bool Written, long Seq, string? Hash)
{
    /// <summary>The record is not on disk; the caller must deny (503 <c>audit_unavailable</c>).</summary>
    public static AuditReceipt NotWritten { get; } = new(false, 0, null);
}
