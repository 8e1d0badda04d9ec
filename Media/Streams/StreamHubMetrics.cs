using System.Diagnostics.Metrics;

namespace SecureStream.Media.Streams;

/// <summary>
/// The hub's instruments (meter <c>SecureStream.Media</c>). Tags are bounded: <c>kind</c> is
/// video or audio, <c>reason</c> is no_input or source_failed; never a camera name or URL.
/// </summary>
internal sealed class StreamHubMetrics
{
    public const string MeterName = "SecureStream.Media";

    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");
    private static readonly KeyValuePair<string, object?> NoInput = new("reason", "no_input");
    private static readonly KeyValuePair<string, object?> SourceFailed = new("reason", "source_failed");

    private readonly UpDownCounter<long> _viewers;
    private readonly UpDownCounter<long> _sources;
    private readonly Counter<long> _framesDropped;
    private readonly Counter<long> _failovers;

    public StreamHubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _viewers = meter.CreateUpDownCounter<long>("securestream.media.viewers", "{viewer}", "Subscribers attached to camera streams.");
        _sources = meter.CreateUpDownCounter<long>("securestream.media.sources", "{source}", "Camera pulls open (connected or connecting).");
        _framesDropped = meter.CreateCounter<long>("securestream.media.frames_dropped", "{frame}", "Frames dropped because a subscriber's queue was full.");
        _failovers = meter.CreateCounter<long>("securestream.media.failovers", "{failover}", "Camera sources replaced after a failure or no input.");
    }

    public void ViewerJoined() => _viewers.Add(1);

    public void ViewerLeft() => _viewers.Add(-1);

    public void SourceOpened() => _sources.Add(1);

    public void SourceClosed() => _sources.Add(-1);

    public void FrameDropped(bool video) => _framesDropped.Add(1, video ? Video : Audio);

    public void Failover(bool noInput) => _failovers.Add(1, noInput ? NoInput : SourceFailed);
}
