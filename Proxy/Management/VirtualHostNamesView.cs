using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>host</c> of a virtual host: the host names it serves.</summary>
internal sealed record VirtualHostNamesView([property: JsonPropertyName("names")] IReadOnlyList<string> Names);
