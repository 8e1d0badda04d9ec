using System.Net;

namespace SecureStream.Policy.Audit;

/// <summary>A session ended. Every admitted session gets exactly one of these, however it ends.</summary>
internal sealed class SessionEndedRecord : AuditRecord
{
    /// <summary>The session id.</summary>
    public required string SessionId { get; init; }

    /// <summary>Why it ended: a <see cref="Sessions.SessionEndReason"/> code, e.g. <c>hang_up</c>, <c>deadline</c>, <c>kicked</c>, <c>revoked</c>.</summary>
    public required string EndReason { get; init; }

    /// <summary>The operator the session was charged to.</summary>
    public string? Operator { get; init; }

    /// <summary>The application name.</summary>
    public string? App { get; init; }

    /// <summary>The camera (stream) name.</summary>
    public string? Camera { get; init; }

    /// <summary>The viewer's address.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>The signalling protocol.</summary>
    public AuditProtocol Protocol { get; init; }

    /// <summary>How long the session lasted.</summary>
    public long DurationMs { get; init; }

    /// <summary>Media bytes sent to the viewer.</summary>
    public long BytesSent { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.SessionEnd;

    /// <inheritdoc />
    internal override string ReasonCode => EndReason;

    /// <summary>
    /// The viewer's own W3C trace id (from a well-formed <c>traceparent</c> it sent), beside the
    /// gateway's <see cref="AuditRecord.TraceId"/>, which stays the key; client-chosen, so it
    /// correlates with the viewer's and the receiver's traces and never identifies a record alone.
    /// </summary>
    public string? ClientTraceId { get; init; }

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("session_id", SessionId);
        writer.WriteString("end_reason", EndReason);
        writer.WriteString("operator", Operator);
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteString("client_ip", ClientIp.ToAuditText());
        writer.WriteString("protocol", Protocol.ToCode());
        writer.WriteNumber("duration_ms", DurationMs);
        writer.WriteNumber("bytes_sent", BytesSent);
        writer.WriteString("client_trace_id", ClientTraceId);
    }
}
