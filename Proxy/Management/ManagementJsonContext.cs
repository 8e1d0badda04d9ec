using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>Strict, source-generated JSON for management request bodies: case-sensitive, no unknown or duplicate keys.</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StreamCreateRequest))]
[JsonSerializable(typeof(ConsoleLinkRequest))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
