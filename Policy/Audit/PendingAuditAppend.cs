namespace SecureStream.Policy.Audit;

/// <summary>
/// A queued record — or two, when <see cref="Follower"/> is set: then both lines go into the same
/// batch, adjacent and in this order, or neither does — and the caller waiting for them to reach
/// the disk.
/// </summary>
internal readonly record struct PendingAuditAppend(AuditRecord Record, AuditRecord? Follower, TaskCompletionSource<AuditReceipts> Completion);
