using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>A camera's properties in OME's names.</summary>
internal sealed record StreamPropertiesView(
    [property: JsonPropertyName("persistent")] bool Persistent,
    [property: JsonPropertyName("noInputFailoverTimeoutMs")] int NoInputFailoverTimeoutMs,
    [property: JsonPropertyName("unusedStreamDeletionTimeoutMs")] int UnusedStreamDeletionTimeoutMs,
    [property: JsonPropertyName("ignoreRtcpSRTimestamp")] bool IgnoreRtcpSRTimestamp,
    [property: JsonPropertyName("retryCount")] int RetryCount,
    [property: JsonPropertyName("forwardQueryParams")] bool ForwardQueryParams);
