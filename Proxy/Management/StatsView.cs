using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's <c>/v1/stats/current</c> shape, field for field. <see cref="Connections"/> counts live
/// sessions per OME protocol key (WHEP and OME WebSocket signalling are both <c>webrtc</c>; the
/// others are always 0 here). Throughputs are bits per second: the average since
/// <see cref="CreatedTime"/>, the last as measured between this request and the previous one
/// for the same scope (at least a second apart), and the highest such last value seen.
/// </summary>
internal sealed record StatsView(
    [property: JsonPropertyName("connections")] IReadOnlyDictionary<string, int> Connections,
    [property: JsonPropertyName("createdTime")] DateTimeOffset CreatedTime,
    [property: JsonPropertyName("lastRecvTime")] DateTimeOffset LastRecvTime,
    [property: JsonPropertyName("lastSentTime")] DateTimeOffset LastSentTime,
    [property: JsonPropertyName("lastUpdatedTime")] DateTimeOffset LastUpdatedTime,
    [property: JsonPropertyName("lastThroughputIn")] long LastThroughputIn,
    [property: JsonPropertyName("lastThroughputOut")] long LastThroughputOut,
    [property: JsonPropertyName("maxTotalConnectionTime")] DateTimeOffset MaxTotalConnectionTime,
    [property: JsonPropertyName("maxTotalConnections")] int MaxTotalConnections,
    [property: JsonPropertyName("totalBytesIn")] long TotalBytesIn,
    [property: JsonPropertyName("totalBytesOut")] long TotalBytesOut,
    [property: JsonPropertyName("totalConnections")] int TotalConnections,
    [property: JsonPropertyName("avgThroughputIn")] long AvgThroughputIn,
    [property: JsonPropertyName("avgThroughputOut")] long AvgThroughputOut,
    [property: JsonPropertyName("maxThroughputIn")] long MaxThroughputIn,
    [property: JsonPropertyName("maxThroughputOut")] long MaxThroughputOut);
