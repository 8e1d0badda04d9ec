namespace SecureStream.Policy.Access;

/// <summary>
/// One <c>name=value</c> pair of a request's query, kept both as received (raw, for the signed
/// string, which OME computes over the raw bytes) and decoded (for checks and forwarding).
/// Produced only by the front door's strict request-target parser.
/// </summary>
/// <param name="RawName">The name exactly as sent (the parser allows no percent-encoding in names).</param>
/// <param name="RawValue">The value exactly as sent, percent-encoding intact.</param>
/// <param name="Value">The percent-decoded value (valid UTF-8, no control characters).</param>
public readonly record struct QueryPair(string RawName, string RawValue, string Value)
{
    /// <summary>The name; names are never encoded, so raw and decoded are the same.</summary>
    public string Name => RawName;

    /// <summary>The pair as it appeared in the query: <c>name=value</c>, or <c>name</c> alone when it had no <c>=</c>.</summary>
    public string Raw { get; init; } = RawName + "=" + RawValue;
}
