namespace SecureStream.Policy.Audit;

/// <summary>
/// One audit event. Subtypes carry typed fields and write them, by name, to an
/// <see cref="IAuditFieldWriter"/>; the journal adds <c>seq</c>, <c>time</c>, <c>type</c>,
/// <c>prev</c> and <c>hash</c>. Records are plain values: creating one has no side effect and no
/// value in one is ever used as a message template.
/// </summary>
internal abstract class AuditRecord
{
    /// <summary>When the event happened, from the caller's <see cref="TimeProvider"/>; written as UTC.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The request or operation trace id, to join the record with diagnostic logs.</summary>
    public string? TraceId { get; init; }

    /// <summary>The event type, one of the constants in <see cref="AuditEventTypes"/>.</summary>
    public abstract string EventType { get; }

    /// <summary>The summary values for the constant Serilog template; null when not applicable.</summary>
    internal virtual string? Decision => null;

    /// <inheritdoc cref="Decision"/>
    internal virtual string? ReasonCode => null;

    /// <summary>Writes the subtype's fields (not the envelope) in a fixed order.</summary>
    internal abstract void WriteFields(IAuditFieldWriter writer);
}
