using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>outputProfiles</c> of an application.</summary>
internal sealed record OutputProfilesView([property: JsonPropertyName("outputProfile")] IReadOnlyList<OutputProfileView> OutputProfile);
