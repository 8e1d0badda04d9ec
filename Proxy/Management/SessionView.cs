using System.Text.Json.Serialization;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>A live session as the management API shows it: ids and times, no credentials, no URLs.</summary>
internal sealed record SessionView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("clientIp")] string ClientIp,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt)
{
    /// <summary>The camera stream played: <c>main</c> or <c>sub</c> (docs/cameras.md "Substreams").</summary>
    [JsonPropertyName("rendition")]
    public string Rendition { get; init; } = "main";

    /// <summary>The front door that admitted it and carries it (<c>Cluster:NodeId</c>); a kick through any front door reaches it.</summary>
    [JsonPropertyName("node")]
    public string Node { get; init; } = string.Empty;

    public static SessionView From(AdmittedSession session, string node) => new(
        session.Id,
        session.Camera.ToString(),
        session.OperatorKey,
        SecureStream.Policy.Audit.AuditCodes.ToCode(session.Protocol) ?? "webrtc-ws",
        session.ClientIp,
        session.StartedAt,
        session.EndsAt)
    {
        Rendition = session.Rendition.ToCode(),
        Node = node,
    };
}
