using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The gate's verdict on one request. <see cref="Decision"/> is derived from
/// <see cref="Reason"/>, so an "allow" with a deny reason cannot be written.
/// </summary>
/// <remarks>
/// Security invariant: <see cref="CredentialId"/> is an identifier (<c>kid</c>, <c>jti</c> or a
/// short hash prefix), never a signature, token or query string. Every string here may be
/// attacker-chosen (user agent, operator, app and camera of a refused request); the writer bounds
/// and escapes them.
/// </remarks>
internal sealed class AccessDecisionRecord : AuditRecord
{
    /// <summary>Why; <see cref="AccessReason.Allowed"/> for an admission.</summary>
    public required AccessReason Reason { get; init; }

    /// <summary>The operator (tenant) the credential or policy named, if any.</summary>
    public string? Operator { get; init; }

    /// <summary>The kind of credential presented.</summary>
    public AuditCredentialKind CredentialKind { get; init; }

    /// <summary>kid, jti or a short hash prefix of the credential. Never the credential.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The application name as requested.</summary>
    public string? App { get; init; }

    /// <summary>The camera (stream) name as requested.</summary>
    public string? Camera { get; init; }

    /// <summary>The client address the gate used.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>Where <see cref="ClientIp"/> came from.</summary>
    public ClientIpSource ClientIpSource { get; init; }

    /// <summary>The User-Agent header (bounded to <see cref="AuditLimits.MaxUserAgentLength"/>, <see cref="AuditLimits.MaxRefusedUserAgentLength"/> on a refusal).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The signalling protocol.</summary>
    public AuditProtocol Protocol { get; init; }

    /// <summary>The session id, once one was assigned.</summary>
    public string? SessionId { get; init; }

    /// <summary>What the webhook said (e.g. <c>allowed</c>, <c>denied</c>, <c>timeout</c>); null when not called.</summary>
    public string? WebhookOutcome { get; init; }

    /// <summary>Webhook round trip in milliseconds; null when not called.</summary>
    public long? WebhookLatencyMs { get; init; }

    /// <summary>Whether this request made the origin start pulling from the camera.</summary>
    public bool PullTriggered { get; init; }

    /// <summary>A short, non-secret explanation for reviewers.</summary>
    public string? Detail { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.AccessDecision;

    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    internal override string Decision => Reason == AccessReason.Allowed ? "allow" : "deny";

    /// <inheritdoc />
    internal override string ReasonCode => Reason.ToCode();

    /// <summary>
    /// The viewer's own W3C trace id (from a well-formed <c>traceparent</c> it sent), beside the
    /// gateway's <see cref="AuditRecord.TraceId"/>, which stays the key; client-chosen, so it
    /// correlates with the viewer's and the receiver's traces and never identifies a record alone.
    /// </summary>
    public string? ClientTraceId { get; init; }

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        // A refusal's names are whatever the request said: they get the tight caps that keep a
        // refusal line under AuditLimits.MaxRefusalLineBytes. An admission's names are the
        // registry's and the policy's, kept whole.
        var refused = Reason != AccessReason.Allowed;
        var name = refused ? AuditLimits.MaxRefusedNameLength : AuditLimits.MaxValueLength;
        writer.WriteString("decision", Decision);
        writer.WriteString("reason", ReasonCode);
        writer.WriteString("operator", Operator, name);
        writer.WriteString("credential_kind", CredentialKind.ToCode());
        writer.WriteString("credential_id", CredentialId, refused ? AuditLimits.MaxRefusedCredentialIdLength : AuditLimits.MaxValueLength);
        writer.WriteString("app", App, refused ? AuditLimits.MaxRefusedAppLength : AuditLimits.MaxValueLength);
        writer.WriteString("camera", Camera, name);
        writer.WriteString("client_ip", ClientIp.ToAuditText());
        writer.WriteString("client_ip_source", ClientIpSource.ToCode());
        writer.WriteString("user_agent", UserAgent, refused ? AuditLimits.MaxRefusedUserAgentLength : AuditLimits.MaxUserAgentLength);
        writer.WriteString("protocol", Protocol.ToCode());
        writer.WriteString("session_id", SessionId);
        writer.WriteString("webhook_outcome", WebhookOutcome);
        writer.WriteNumber("webhook_latency_ms", WebhookLatencyMs);
        writer.WriteBoolean("pull_triggered", PullTriggered);
        writer.WriteString("detail", Detail, refused ? AuditLimits.MaxRefusedDetailLength : AuditLimits.MaxDetailLength);
        writer.WriteString("client_trace_id", ClientTraceId);
    }
}
