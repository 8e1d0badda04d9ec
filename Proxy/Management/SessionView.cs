using System.Text.Json.Serialization;
using SecureStream.Media.Origin;
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

    /// <summary>Seconds since <see cref="StartedAt"/> when the list was made (the console shows it without a clock of its own).</summary>
    [JsonPropertyName("durationSeconds")]
    public double DurationSeconds { get; init; }

    /// <summary>
    /// Media octets this process's origin sent to the viewer; null when the figures are not here
    /// (a front door without an embedded origin, another node's session, or not yet connected).
    /// </summary>
    [JsonPropertyName("octetsSent")]
    public long? OctetsSent { get; init; }

    /// <summary>The viewer's ICE path (<see cref="IcePathCodes"/>: <c>udp_host</c>, <c>udp_srflx</c>, <c>tcp</c>, <c>relay</c>, …); null as <see cref="OctetsSent"/>.</summary>
    [JsonPropertyName("icePath")]
    public string? IcePath { get; init; }

    /// <summary>This view with the figures of the moment: the duration, and the origin's octets and ICE path when it has the session.</summary>
    public SessionView WithFigures(DateTimeOffset now, IViewerSessionStatistics? statistics)
    {
        var figures = statistics?.FiguresOf(Id);
        return this with
        {
            DurationSeconds = Math.Max(0, Math.Round((now - StartedAt).TotalSeconds, 3)),
            OctetsSent = figures?.OctetsSent,
            IcePath = figures?.Path.ToCode(),
        };
    }

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
