namespace SecureStream.Policy.Audit;

/// <summary>
/// Where a checked journal line's envelope values <c>time</c> and <c>node</c> are, as ranges of
/// the line's bytes (the raw JSON string content, without quotes); an empty range when the line
/// has none (lines written before node ids carry no <c>node</c>, docs/audit.md).
/// </summary>
internal readonly record struct AuditLineEnvelope(Range Time, Range Node)
{
    /// <summary>True when the line carries a <c>node</c>.</summary>
    public bool HasNode => !Node.Equals(default(Range));
}
