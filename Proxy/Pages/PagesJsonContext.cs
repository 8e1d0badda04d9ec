using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Pages;

/// <summary>Source-generated serialisation for the wall's link list (camelCase, as the page script reads it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<WallLink>))]
internal sealed partial class PagesJsonContext : JsonSerializerContext;
