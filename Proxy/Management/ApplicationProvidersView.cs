using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>providers</c> of an application: the gateway's only input is an RTSP pull.</summary>
internal sealed record ApplicationProvidersView([property: JsonPropertyName("rtspPull")] EmptyView RtspPull);
