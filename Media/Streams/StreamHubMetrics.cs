using System.Diagnostics.Metrics;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// The hub's instruments (meter <c>SecureStream.Media</c>). Tags are bounded: <c>kind</c> is
/// video or audio; <c>reason</c> a failure code (no_input or source_failed for failovers, the
/// source's code for pull failures); <c>camera</c> a camera's path, bounded by the registry
/// (docs/metrics.md, "Labels"); never a URL.
/// </summary>
internal sealed class StreamHubMetrics
{
    public const string MeterName = "SecureStream.Media";

    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");
    private const string NoInput = "no_input";
    private const string SourceFailed = "source_failed";

    private readonly UpDownCounter<long> _viewers;
    private readonly UpDownCounter<long> _sources;
    private readonly Counter<long> _framesDropped;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _pullFailures;
    private readonly Counter<long> _reconnects;

    public StreamHubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _viewers = meter.CreateUpDownCounter<long>("securestream.media.viewers", "{viewer}", "Subscribers attached to camera streams.");
        _sources = meter.CreateUpDownCounter<long>("securestream.media.sources", "{source}", "Camera pulls open (connected or connecting).");
        _framesDropped = meter.CreateCounter<long>("securestream.media.frames_dropped", "{frame}", "Frames dropped because a subscriber's queue was full.");
        _failovers = meter.CreateCounter<long>("securestream.media.failovers", "{failover}", "Camera sources replaced after a failure or no input.");
        _pullFailures = meter.CreateCounter<long>("securestream.media.pull_failures", "{failure}", "Camera pull attempts that failed, and pulls given up, by reason.");
        _reconnects = meter.CreateCounter<long>("securestream.media.rtsp_reconnects", "{connection}", "RTSP connections a pull opened again after its first (failover or retry).");
    }

    public void ViewerJoined() => _viewers.Add(1);

    public void ViewerLeft() => _viewers.Add(-1);

    public void SourceOpened() => _sources.Add(1);

    public void SourceClosed() => _sources.Add(-1);

    public void FrameDropped(bool video) => _framesDropped.Add(1, video ? Video : Audio);

    public void Failover(CameraPath camera, bool noInput) =>
        _failovers.Add(1, new KeyValuePair<string, object?>("camera", camera.ToString()), new KeyValuePair<string, object?>("reason", noInput ? NoInput : SourceFailed));

    /// <summary>
    /// A pull attempt failed (<paramref name="reason"/> is the source's code, <c>no_input</c> for
    /// silence), or the pull was given up (<c>camera_unreachable</c>, <c>camera_down</c>).
    /// </summary>
    public void PullFailed(CameraPath camera, string reason) =>
        _pullFailures.Add(1, new KeyValuePair<string, object?>("camera", camera.ToString()), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A pull opened a new connection to the camera after its first.</summary>
    public void Reconnected(CameraPath camera) => _reconnects.Add(1, new KeyValuePair<string, object?>("camera", camera.ToString()));
}
