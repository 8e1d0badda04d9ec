using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>A video track's figures in OME's shape.</summary>
/// <param name="Bitrate">Bits per second as a decimal string, OME's type; 0 when not measured.</param>
internal sealed record OmeVideoView(
    [property: JsonPropertyName("bitrate")] string Bitrate,
    [property: JsonPropertyName("bypass")] bool Bypass,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("framerate")] double Framerate,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("width")] int Width);
