using System.Text.Json.Serialization;

namespace SecureStream.Media.Cameras;

/// <summary>One camera in the registry file. <see cref="Urls"/> are full URLs, credentials included.</summary>
internal sealed class RegisteredCameraEntry
{
    [JsonPropertyName("vhost")]
    public required string VirtualHost { get; init; }

    [JsonPropertyName("app")]
    public required string App { get; init; }

    [JsonPropertyName("stream")]
    public required string Stream { get; init; }

    [JsonPropertyName("urls")]
    public required List<string> Urls { get; init; }

    /// <summary>The substream's full URLs (docs/cameras.md "Substreams"); absent when the camera has none.</summary>
    [JsonPropertyName("substreamUrls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? SubstreamUrls { get; init; }

    [JsonPropertyName("persistent")]
    public bool Persistent { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("noInputFailoverTimeoutMs")]
    public int NoInputFailoverTimeoutMs { get; init; }

    [JsonPropertyName("unusedStreamDeletionTimeoutMs")]
    public int UnusedStreamDeletionTimeoutMs { get; init; }

    [JsonPropertyName("ignoreRtcpSRTimestamp")]
    public bool IgnoreRtcpSRTimestamp { get; init; }

    [JsonPropertyName("retryCount")]
    public int RetryCount { get; init; }

    [JsonPropertyName("forwardQueryParams")]
    public bool ForwardQueryParams { get; init; }
}
