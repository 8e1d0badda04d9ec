using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>One of OME's <c>outputs</c> of a stream: the gateway has one, named like the stream, every track passed through.</summary>
internal sealed record StreamOutputView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tracks")] IReadOnlyList<OmeTrackView> Tracks);
