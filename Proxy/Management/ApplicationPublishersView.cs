using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's <c>publishers</c> of an application: the gateway publishes over WebRTC only (WHEP and OME signalling).</summary>
internal sealed record ApplicationPublishersView([property: JsonPropertyName("webrtc")] WebRtcPublisherView WebRtc);
