using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's WebRTC publisher settings: <c>timeout</c>, the ICE connect timeout in milliseconds.</summary>
internal sealed record WebRtcPublisherView([property: JsonPropertyName("timeout")] long Timeout);
