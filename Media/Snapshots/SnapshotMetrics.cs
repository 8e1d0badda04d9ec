using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Snapshots;

/// <summary>Snapshot instruments on the media meter; tags are bounded (a result code, cached or not).</summary>
internal sealed class SnapshotMetrics
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _decodes;
    private readonly Histogram<double> _decodeDuration;

    public SnapshotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamHubMetrics.MeterName);
        _requests = meter.CreateCounter<long>("securestream.media.snapshots", "{snapshot}", "Snapshots handed out by the origin: from the cache or from a decode the request started.");
        _decodes = meter.CreateCounter<long>("securestream.media.snapshot.decodes", "{decode}", "Keyframes decoded to JPEG, by outcome; one per keyframe however many asked.");
        _decodeDuration = meter.CreateHistogram<double>(
            "securestream.media.snapshot.decode.duration",
            "s",
            "Time to decode one keyframe to JPEG, ffmpeg start included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] });
    }

    /// <summary>A keyframe's snapshot was handed out: from the cache, or from a decode this request started.</summary>
    public void Served(bool cached) => _requests.Add(1, new KeyValuePair<string, object?>("cached", cached));

    public void Decoded(bool ok, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("result", ok ? "ok" : "failed");
        _decodes.Add(1, tag);
        _decodeDuration.Record(elapsed.TotalSeconds, tag);
    }
}
