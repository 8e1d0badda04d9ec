using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's <c>/v1/stats/current</c> shape. <see cref="Connections"/> counts live sessions per
/// protocol (WHEP and OME WebSocket signalling are both <c>webrtc</c>).
/// </summary>
internal sealed record StatsView(
    [property: JsonPropertyName("connections")] IReadOnlyDictionary<string, int> Connections,
    [property: JsonPropertyName("totalConnections")] int TotalConnections,
    [property: JsonPropertyName("totalBytesIn")] long TotalBytesIn,
    [property: JsonPropertyName("totalBytesOut")] long TotalBytesOut,
    [property: JsonPropertyName("createdTime")] DateTimeOffset CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] DateTimeOffset LastUpdatedTime,
    [property: JsonPropertyName("lastRecvTime")] DateTimeOffset LastRecvTime,
    [property: JsonPropertyName("lastSentTime")] DateTimeOffset LastSentTime);
