using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// A minted link: the player page URL with its credential (a signed query, or <c>#token=</c>),
/// when it expires and its id. The URL is a credential: it goes to the administrator who asked,
/// and nowhere else (never a log or the audit journal).
/// </summary>
internal sealed record ConsoleLinkView(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("linkId")] string LinkId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("rendition")] string Rendition);
