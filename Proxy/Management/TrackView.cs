using System.Text.Json.Serialization;
using SecureStream.Media.Frames;

namespace SecureStream.Proxy.Management;

/// <summary>One track of a pulled camera, as the stream hub reports it.</summary>
internal sealed record TrackView(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("clockRate")] int ClockRate,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height)
{
    public static TrackView From(TrackDescription track) => new(
        track.TrackId,
        track.Kind.ToString().ToLowerInvariant(),
        track.Codec.ToString(),
        track.ClockRate,
        track.Width,
        track.Height);
}
