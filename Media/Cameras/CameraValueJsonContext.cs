using System.Text.Json.Serialization;

namespace SecureStream.Media.Cameras;

/// <summary>Strict JSON for URL arrays in OriginMapStore values (duplicate keys cannot occur; trailing data refused).</summary>
[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CameraValueJsonContext : JsonSerializerContext;
