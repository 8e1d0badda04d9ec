using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>An audio track's figures in OME's shape.</summary>
/// <param name="Bitrate">Bits per second as a decimal string, OME's type; 0 when not measured.</param>
internal sealed record OmeAudioView(
    [property: JsonPropertyName("bitrate")] string Bitrate,
    [property: JsonPropertyName("bypass")] bool Bypass,
    [property: JsonPropertyName("channel")] int Channel,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("samplerate")] int Samplerate);
