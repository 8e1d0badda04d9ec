using System.Text.Json.Serialization;
using SecureStream.Media.Cameras;

namespace SecureStream.Proxy.Management;

/// <summary>
/// A camera as the management API shows it. Security invariant: URLs are shown through
/// <see cref="CameraUrl.ToString"/>, which redacts userinfo and query; no credential leaves here.
/// </summary>
internal sealed record StreamView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("vhost")] string? VirtualHost,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("urls")] IReadOnlyList<string> Urls,
    [property: JsonPropertyName("properties")] StreamPropertiesView Properties,
    [property: JsonPropertyName("createdTime")] DateTimeOffset? CreatedTime,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("subscribers")] int Subscribers,
    [property: JsonPropertyName("tracks")] IReadOnlyList<TrackView> Tracks)
{
    public static StreamView From(CameraRegistration camera, CameraStatisticsSnapshot? statistics) => new(
        camera.Camera.Stream,
        camera.Camera.App,
        camera.VirtualHost,
        SourceName(camera.Source),
        camera.Urls.Select(u => u.ToString()).ToList(),
        new StreamPropertiesView(
            camera.Persistent,
            camera.Properties.NoInputFailoverTimeoutMs,
            camera.Properties.UnusedStreamDeletionTimeoutMs,
            camera.Properties.IgnoreRtcpSRTimestamp,
            camera.Properties.RetryCount,
            camera.Properties.ForwardQueryParams),
        camera.CreatedAt,
        statistics?.State ?? "idle",
        statistics?.Subscribers ?? 0,
        statistics?.Tracks.Select(TrackView.From).ToList() ?? []);

    /// <summary>The audit and API name of a source: <c>static</c>, <c>rest</c> or <c>redis</c>.</summary>
    public static string SourceName(CameraSource source) => source switch
    {
        CameraSource.Static => "static",
        CameraSource.Rest => "rest",
        _ => "redis",
    };
}
