namespace SecureStream.Policy.Audit;

/// <summary>
/// The journal's answer for one queued append: <see cref="First"/> for its record and
/// <see cref="Follower"/> for the record appended with it (<see cref="AuditReceipt.NotWritten"/>
/// when there was none). A pair is written together or not at all.
/// </summary>
internal readonly record struct AuditReceipts(AuditReceipt First, AuditReceipt Follower)
{
    /// <summary>Nothing of the append is on disk.</summary>
    public static AuditReceipts NotWritten { get; } = new(AuditReceipt.NotWritten, AuditReceipt.NotWritten);
}
