using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>encodes</c> of an output profile: audio, image and video renditions.</summary>
internal sealed record EncodesView(
    [property: JsonPropertyName("audios")] IReadOnlyList<BypassView> Audios,
    [property: JsonPropertyName("images")] IReadOnlyList<BypassView> Images,
    [property: JsonPropertyName("videos")] IReadOnlyList<BypassView> Videos);
