using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>input</c> of a stream: when it was created, the kind of source (<c>RtspPull</c>) and its tracks.</summary>
internal sealed record StreamInputView(
    [property: JsonPropertyName("createdTime")] DateTimeOffset CreatedTime,
    [property: JsonPropertyName("sourceType")] string SourceType,
    [property: JsonPropertyName("tracks")] IReadOnlyList<OmeTrackView> Tracks);
