namespace SecureStream.Policy.Audit;

/// <summary>The one way audit records are written (docs/security.md, audit records).</summary>
internal interface IAuditWriter
{
    /// <summary>
    /// Writes <paramref name="record"/> to the durable journal, then a copy to Seq. Returns true
    /// only when the journal has it on disk. Security invariant: false means the caller must deny
    /// with 503 (<c>AccessReason.AuditUnavailable</c>) — access is never granted without a durable
    /// record. The Seq copy is best effort and never changes the result. Never throws.
    /// </summary>
    ValueTask<bool> WriteAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="first"/> and then <paramref name="second"/> as one journal append:
    /// adjacent, in this order, both on disk or neither (one wait and one fsync for the two).
    /// Returns true only when both are on disk; false means what it means for
    /// <see cref="WriteAsync"/>, for both records, and more precisely: neither is on disk (the
    /// token can stop the pair from being queued, not the wait for its outcome). Never throws.
    /// </summary>
    ValueTask<bool> WriteBothAsync(AuditRecord first, AuditRecord second, CancellationToken cancellationToken);
}
