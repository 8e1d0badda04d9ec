using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// The hub's instruments (meter <c>SecureStream.Media</c>). Tags are bounded: <c>kind</c> is
/// video or audio; <c>reason</c> a failure code (no_input or source_failed for failovers, the
/// source's code for pull failures); <c>camera</c> a camera's path, bounded by the registry
/// (docs/metrics.md, "Labels"); never a URL. A camera the registry does not list (under an
/// app-wide Location, or in the Redis origin map) is named only once a pull of it delivered its
/// tracks, so a viewer entitled to <c>demo/*</c> cannot mint a series per made-up stream name:
/// until then, and beyond <see cref="MaxUnlistedCameras"/> such names, it counts as <c>other</c>.
/// </summary>
internal sealed class StreamHubMetrics
{
    public const string MeterName = CameraLabelledInstruments.MeterName;

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
    private readonly Counter<long> _keyframeRequests;
    private readonly CameraRegistry? _registry;
    private readonly ConcurrentDictionary<CameraPath, byte> _unlistedSeen = new();

    /// <summary>Unlisted cameras named in labels at most; the rest count as <c>other</c>.</summary>
    public const int MaxUnlistedCameras = 1024;

    /// <summary>The label of every camera not (yet) named.</summary>
    public const string OtherCamera = "other";

    public StreamHubMetrics(IMeterFactory meterFactory, CameraRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _registry = registry;
        var meter = meterFactory.Create(MeterName);
        _viewers = meter.CreateUpDownCounter<long>("securestream.media.viewers", "{viewer}", "Subscribers attached to camera streams.");
        _sources = meter.CreateUpDownCounter<long>("securestream.media.sources", "{source}", "Camera pulls open (connected or connecting).");
        _framesDropped = meter.CreateCounter<long>("securestream.media.frames_dropped", "{frame}", "Frames dropped because a subscriber's queue was full.");
        _failovers = meter.CreateCounter<long>(CameraLabelledInstruments.Failovers, "{failover}", "Camera sources replaced after a failure or no input.");
        _pullFailures = meter.CreateCounter<long>(CameraLabelledInstruments.PullFailures, "{failure}", "Camera pull attempts that failed, and pulls given up, by reason.");
        _reconnects = meter.CreateCounter<long>(CameraLabelledInstruments.RtspReconnects, "{connection}", "RTSP connections a pull opened again after its first (failover or retry).");
        _keyframeRequests = meter.CreateCounter<long>(CameraLabelledInstruments.PlisSent, "{request}", "Keyframe requests (RTCP PLI or FIR) sent to cameras.");
    }

    public void ViewerJoined() => _viewers.Add(1);

    public void ViewerLeft() => _viewers.Add(-1);

    public void SourceOpened() => _sources.Add(1);

    public void SourceClosed() => _sources.Add(-1);

    public void FrameDropped(bool video) => _framesDropped.Add(1, video ? Video : Audio);

    public void Failover(CameraPath camera, bool noInput) =>
        _failovers.Add(1, CameraTag(camera), new KeyValuePair<string, object?>("reason", noInput ? NoInput : SourceFailed));

    /// <summary>
    /// A pull attempt failed (<paramref name="reason"/> is the source's code, <c>no_input</c> for
    /// silence), or the pull was given up (<c>camera_unreachable</c>, <c>camera_down</c>).
    /// </summary>
    public void PullFailed(CameraPath camera, string reason) =>
        _pullFailures.Add(1, CameraTag(camera), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A pull opened a new connection to the camera after its first.</summary>
    public void Reconnected(CameraPath camera) => _reconnects.Add(1, CameraTag(camera));

    /// <summary>A pull asked the camera for a keyframe (RTCP PLI or FIR).</summary>
    public void KeyframeRequested(CameraPath camera) => _keyframeRequests.Add(1, CameraTag(camera));

    /// <summary>A pull of the camera delivered its tracks: the camera exists, so it may be named.</summary>
    public void SourceReady(CameraPath camera)
    {
        if (_unlistedSeen.Count < MaxUnlistedCameras && !IsListed(camera))
        {
            _unlistedSeen.TryAdd(camera, 0);
        }
    }

    private KeyValuePair<string, object?> CameraTag(CameraPath camera)
    {
        var named = _unlistedSeen.ContainsKey(camera) || IsListed(camera);
        return new KeyValuePair<string, object?>("camera", named ? camera.ToString() : OtherCamera);
    }

    /// <summary>Listed by the registry (every camera counts as listed where there is none: hub tests).</summary>
    private bool IsListed(CameraPath camera) => _registry?.Known.Contains(camera) ?? true;
}
