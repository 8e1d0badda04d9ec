namespace SecureStream.Policy.Audit;

/// <summary>A queued record and the caller waiting for it to reach the disk.</summary>
internal readonly record struct PendingAuditAppend(AuditRecord Record, TaskCompletionSource<AuditReceipt> Completion);
