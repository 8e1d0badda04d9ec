using System.Text.Json.Serialization;

namespace SecureStream.Media.Cameras;

/// <summary>Source-generated, strict JSON for the registry file (unknown or duplicate keys refuse the file).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RegisteredCameraFile))]
internal sealed partial class CameraStoreJsonContext : JsonSerializerContext;
