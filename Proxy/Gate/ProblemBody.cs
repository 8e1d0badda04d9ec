using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Gate;

/// <summary>RFC 9457 problem document with the reason code as an extension member.</summary>
internal sealed record ProblemBody(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("traceId")] string TraceId);
