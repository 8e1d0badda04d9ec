using System.Text.Json.Serialization;

namespace SecureStream.Media.Cameras;

/// <summary>The registry file: <c>{"version":1,"cameras":[…]}</c>.</summary>
internal sealed class RegisteredCameraFile
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("cameras")]
    public required List<RegisteredCameraEntry> Cameras { get; init; }
}
