using System.Text.Json.Serialization;
using SecureStream.Media.Cameras;

namespace SecureStream.Proxy.Management;

/// <summary>
/// A camera as the management API shows it: OME's stream info (<c>name</c>, <c>input</c>,
/// <c>outputs</c>, field for field) with ours beside it (app, virtual host, where it is defined,
/// redacted URLs, properties, pull state, viewers, and the tracks in our own flat form).
/// Security invariant: URLs are shown through <see cref="CameraUrl.ToString"/>, which redacts
/// userinfo and query; no credential leaves here.
/// </summary>
internal sealed record StreamView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("input")] StreamInputView Input,
    [property: JsonPropertyName("outputs")] IReadOnlyList<StreamOutputView> Outputs,
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
    /// <summary>Ours: the substream's URLs, redacted like <see cref="Urls"/>; empty when the camera has none.</summary>
    [JsonPropertyName("substreamUrls")]
    public IReadOnlyList<string> SubstreamUrls { get; init; } = [];

    /// <summary>OME's source type for a stream pulled from an RTSP camera.</summary>
    public const string RtspPull = "RtspPull";

    public static StreamView From(CameraRegistration camera, CameraStatisticsSnapshot? statistics, DateTimeOffset registryCreated)
    {
        var tracks = statistics?.Tracks ?? [];
        var created = camera.CreatedAt ?? registryCreated;
        return new(
            camera.Camera.Stream,
            new StreamInputView(created, RtspPull, [.. tracks.Select(t => OmeTrackView.From(t, bypass: false))]),
            [new StreamOutputView(camera.Camera.Stream, [.. tracks.Select(t => OmeTrackView.From(t, bypass: true))])],
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
            [.. tracks.Select(TrackView.From)])
        {
            SubstreamUrls = camera.SubstreamUrls.Select(u => u.ToString()).ToList(),
        };
    }

    /// <summary>The audit and API name of a source: <c>static</c>, <c>rest</c> or <c>redis</c>.</summary>
    public static string SourceName(CameraSource source) => source switch
    {
        CameraSource.Static => "static",
        CameraSource.Rest => "rest",
        _ => "redis",
    };
}
