using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>One of OME's output profiles: its encodes, name and output stream name.</summary>
internal sealed record OutputProfileView(
    [property: JsonPropertyName("encodes")] EncodesView Encodes,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("outputStreamName")] string OutputStreamName);
