namespace SecureStream.Policy.Audit;

/// <summary>
/// Where a record writes its fields: the journal's JSON line and the Serilog event both read the
/// same calls, so the two copies of a record cannot drift apart. Names are snake_case constants
/// chosen by the record, never values. Implementations bound every string
/// (<see cref="AuditText.BoundEscaped"/>) and skip null values.
/// </summary>
internal interface IAuditFieldWriter
{
    /// <summary>A string field, cut so that it takes at most <paramref name="maxLength"/> bytes once JSON-escaped.</summary>
    void WriteString(string name, string? value, int maxLength = AuditLimits.MaxValueLength);

    /// <summary>An integer field.</summary>
    void WriteNumber(string name, long? value);

    /// <summary>A boolean field.</summary>
    void WriteBoolean(string name, bool? value);
}
