using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>An OME rendition that passes the track through unchanged (<c>{"bypass": true}</c>).</summary>
internal sealed record BypassView([property: JsonPropertyName("bypass")] bool Bypass);
