using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Audit;

/// <summary>An admitted viewer's media session started (signalling completed).</summary>
internal sealed class SessionStartedRecord : AuditRecord
{
    /// <summary>The session id.</summary>
    public required string SessionId { get; init; }

    /// <summary>The operator the session is charged to.</summary>
    public string? Operator { get; init; }

    /// <summary>kid, jti or hash prefix of the admitting credential. Never the credential.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The application name.</summary>
    public string? App { get; init; }

    /// <summary>The camera (stream) name.</summary>
    public string? Camera { get; init; }

    /// <summary>The viewer's address.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>The signalling protocol.</summary>
    public AuditProtocol Protocol { get; init; }

    /// <summary>The camera stream admitted: <c>main</c>, or <c>sub</c> for its substream (docs/cameras.md "Substreams").</summary>
    public CameraRendition Rendition { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.SessionStart;

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
        writer.WriteString("operator", Operator);
        writer.WriteString("credential_id", CredentialId);
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteString("client_ip", ClientIp.ToAuditText());
        writer.WriteString("protocol", Protocol.ToCode());
        writer.WriteString("rendition", Rendition.ToCode());
        writer.WriteString("client_trace_id", ClientTraceId);
    }
}
