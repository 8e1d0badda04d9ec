using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Gate;

/// <summary>OME's WebSocket error frame: <c>{"code":403,"error":"not_entitled"}</c>.</summary>
internal sealed record WebSocketError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("error")] string Error);
