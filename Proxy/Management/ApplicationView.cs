using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's application (<c>GET /v1/vhosts/{vh}/apps/{app}</c>) as far as the gateway has one: a
/// live app, not dynamic, one pass-through output profile, RTSP pull as its provider and WebRTC
/// as its publisher. Apps are not configured on their own here: an app exists while a Location
/// of the origin map or a registered stream names it.
/// </summary>
internal sealed record ApplicationView(
    [property: JsonPropertyName("dynamic")] bool Dynamic,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("outputProfiles")] OutputProfilesView OutputProfiles,
    [property: JsonPropertyName("providers")] ApplicationProvidersView Providers,
    [property: JsonPropertyName("publishers")] ApplicationPublishersView Publishers,
    [property: JsonPropertyName("type")] string Type)
{
    /// <param name="connectTimeout">The WebRTC session's ICE connect timeout (<c>WebRtc:Sessions:ConnectTimeout</c>), OME's WebRTC publisher <c>timeout</c>.</param>
    public static ApplicationView For(string app, TimeSpan connectTimeout) => new(
        false,
        app,
        new OutputProfilesView([new OutputProfileView(
            new EncodesView([new BypassView(true)], [], [new BypassView(true)]),
            "bypass",
            "${OriginStreamName}")]),
        new ApplicationProvidersView(new EmptyView()),
        new ApplicationPublishersView(new WebRtcPublisherView((long)connectTimeout.TotalMilliseconds)),
        "live");
}
