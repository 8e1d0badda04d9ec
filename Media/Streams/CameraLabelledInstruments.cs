namespace SecureStream.Media.Streams;

/// <summary>
/// The media meter's instruments that label by camera (<see cref="StreamHubMetrics"/>,
/// <see cref="CameraPullMetrics"/>): the exporter keeps many label combinations for these, and
/// few for the media meter's other instruments, whose labels come from fixed sets (kind, reason,
/// ICE path). OpenTelemetry allocates an instrument's data points up front, so the difference is
/// memory held from start (docs/metrics.md, "Labels").
/// </summary>
public static class CameraLabelledInstruments
{
    /// <summary>The media meter's name.</summary>
    public const string MeterName = "SecureStream.Media";

    internal const string Failovers = "securestream.media.failovers";
    internal const string PullFailures = "securestream.media.pull_failures";
    internal const string RtspReconnects = "securestream.media.rtsp_reconnects";
    internal const string PlisSent = "securestream.media.plis_sent";
    internal const string CameraPulling = "securestream.media.camera.pulling";
    internal const string CameraViewers = "securestream.media.camera.viewers";

    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        Failovers, PullFailures, RtspReconnects, PlisSent, CameraPulling, CameraViewers,
    };

    /// <summary>Whether the media meter's instrument <paramref name="instrumentName"/> carries a <c>camera</c> label.</summary>
    public static bool Contains(string instrumentName) => Names.Contains(instrumentName);
}
