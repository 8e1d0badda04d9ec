using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's REST response wrapper.</summary>
internal sealed record ManagementResponse<T>(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("response")] T Response);
