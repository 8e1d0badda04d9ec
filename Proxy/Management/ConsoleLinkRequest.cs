using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>POST /v1/console/links</c>'s body (docs/console.md):
/// <c>{"camera":"app/stream","operator":"alice","kind":"signed","lifetimeSeconds":900,"rendition":"sub"}</c>.
/// Parsed strictly: unknown or duplicate keys and wrong types are a 400.
/// </summary>
internal sealed class ConsoleLinkRequest
{
    [JsonPropertyName("camera")]
    public required string Camera { get; init; }

    /// <summary>The operator id of policy.json's <c>operators</c>: the link's <c>sub</c>.</summary>
    [JsonPropertyName("operator")]
    public required string Operator { get; init; }

    /// <summary><c>signed</c> (an OME signed link) or <c>token</c> (a JWT).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("lifetimeSeconds")]
    public required long LifetimeSeconds { get; init; }

    /// <summary><c>main</c> (default) or <c>sub</c>.</summary>
    [JsonPropertyName("rendition")]
    public string? Rendition { get; init; }
}
