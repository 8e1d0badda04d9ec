namespace SecureStream.Media.Cameras;

/// <summary>
/// The static origin map (the <c>OriginMap</c> section), OME's <c>Origins</c> shape:
/// <c>{ "Origins": [ { "Location": "/app/cam1", "Scheme": "rtsp", "Urls": [ "10.0.0.5:554/stream1" ] } ],
/// "NoInputFailoverTimeoutMs": 3000, "UnusedStreamDeletionTimeoutMs": 60000 }</c>.
/// </summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the demo cameras, which the host registers beside the origin, post-configure the origin map (docs/demo-cameras.md, "Substream").</remarks>
public sealed class OriginMapOptions
{
    public const string SectionName = "OriginMap";

    /// <summary>Origins, matched in this order; the first whose Location matches wins (as in OME).</summary>
    public List<OriginMapOriginOptions> Origins { get; set; } = [];

    /// <summary>Default for every camera (static, API and Redis) that does not set its own.</summary>
    public int NoInputFailoverTimeoutMs { get; set; } = CameraProperties.DefaultNoInputFailoverTimeoutMs;

    /// <summary>Default for every camera (static, API and Redis) that does not set its own.</summary>
    public int UnusedStreamDeletionTimeoutMs { get; set; } = CameraProperties.DefaultUnusedStreamDeletionTimeoutMs;
}
