namespace SecureStream.Policy.Audit;

/// <summary>
/// One call to the admission webhook. Security invariant: carries the outcome and status code,
/// never the response body, the request signature or the webhook secret.
/// </summary>
internal sealed class WebhookCallRecord : AuditRecord
{
    /// <summary><c>opening</c> or <c>closing</c>.</summary>
    public required string Status { get; init; }

    /// <summary>e.g. <c>allowed</c>, <c>denied</c>, <c>timeout</c>, <c>error</c>, <c>malformed</c>, <c>circuit_open</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The HTTP status returned, if a response arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Round trip in milliseconds.</summary>
    public long? LatencyMs { get; init; }

    /// <summary>The application name.</summary>
    public string? App { get; init; }

    /// <summary>The camera (stream) name.</summary>
    public string? Camera { get; init; }

    /// <summary>The session id, when the call concerns a session.</summary>
    public string? SessionId { get; init; }

    /// <summary>A short, non-secret explanation.</summary>
    public string? Detail { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.WebhookCall;

    /// <inheritdoc />
    internal override string ReasonCode => Outcome;

    /// <summary>
    /// The viewer's own W3C trace id (from a well-formed <c>traceparent</c> it sent), beside the
    /// gateway's <see cref="AuditRecord.TraceId"/>, which stays the key; client-chosen, so it
    /// correlates with the viewer's and the receiver's traces and never identifies a record alone.
    /// </summary>
    public string? ClientTraceId { get; init; }

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("status", Status);
        writer.WriteString("outcome", Outcome);
        writer.WriteNumber("http_status", HttpStatus);
        writer.WriteNumber("latency_ms", LatencyMs);
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteString("session_id", SessionId);
        writer.WriteString("detail", Detail, AuditLimits.MaxDetailLength);
        writer.WriteString("client_trace_id", ClientTraceId);
    }
}
