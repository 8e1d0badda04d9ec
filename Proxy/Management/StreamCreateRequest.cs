using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's stream-create body: <c>{"name":"cam1","urls":["rtsp://…"],"properties":{…}}</c>.
/// Parsed strictly: unknown or duplicate keys, wrong types and trailing data are a 400.
/// </summary>
internal sealed class StreamCreateRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("urls")]
    public required List<string> Urls { get; init; }

    /// <summary>Ours: the camera's lower-quality stream, 0–16 URLs like <see cref="Urls"/> (docs/cameras.md "Substreams").</summary>
    [JsonPropertyName("substreamUrls")]
    public List<string>? SubstreamUrls { get; init; }

    [JsonPropertyName("properties")]
    public StreamCreateProperties? Properties { get; init; }
}
