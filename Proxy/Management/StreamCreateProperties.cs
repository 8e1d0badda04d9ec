using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's stream properties; each unset value takes the <c>OriginMap</c> default.</summary>
internal sealed class StreamCreateProperties
{
    /// <summary>False (default) = pulled only while watched; true = kept pulled.</summary>
    [JsonPropertyName("persistent")]
    public bool? Persistent { get; init; }

    [JsonPropertyName("noInputFailoverTimeoutMs")]
    public int? NoInputFailoverTimeoutMs { get; init; }

    [JsonPropertyName("unusedStreamDeletionTimeoutMs")]
    public int? UnusedStreamDeletionTimeoutMs { get; init; }

    [JsonPropertyName("ignoreRtcpSRTimestamp")]
    public bool? IgnoreRtcpSRTimestamp { get; init; }

    [JsonPropertyName("retryCount")]
    public int? RetryCount { get; init; }
}
