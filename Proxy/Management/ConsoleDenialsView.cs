using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>The gate's recent refusals for the operator console (docs/console.md, "Console API").</summary>
internal sealed record ConsoleDenialsView(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("byReason")] IReadOnlyList<ConsoleDenialCount> ByReason,
    [property: JsonPropertyName("recent")] IReadOnlyList<ConsoleDenial> Recent);

/// <summary>Refusals of one reason code since <see cref="ConsoleDenialsView.Since"/> (counted by whole minutes).</summary>
internal sealed record ConsoleDenialCount(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("lastAt")] DateTimeOffset LastAt);

/// <summary>One refusal: reason code, camera path (when the target named one), client address and trace id.</summary>
internal sealed record ConsoleDenial(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("camera")] string? Camera,
    [property: JsonPropertyName("clientIp")] string ClientIp,
    [property: JsonPropertyName("traceId")] string TraceId);
