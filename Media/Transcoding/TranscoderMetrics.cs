using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// <c>securestream.media.transcoders.running{kind}</c> on the media meter: the ffmpeg transcoders
/// running now, video or audio, read from the <see cref="TranscoderHub"/> when a scrape asks. Made
/// at host start, so the gauge shows 0 before the hub exists; the hub, made on the first viewer's
/// request (its ffmpeg probe with it), attaches itself.
/// </summary>
internal sealed class TranscoderMetrics
{
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");

    private TranscoderHub? _hub;

    public TranscoderMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meterFactory.Create(StreamHubMetrics.MeterName).CreateObservableGauge(
            "securestream.media.transcoders.running",
            Measure,
            "{transcoder}",
            "Transcoders running now, by the kind of track they make.");
    }

    /// <summary>The hub whose transcoders the gauge counts.</summary>
    public void Attach(TranscoderHub hub) => Volatile.Write(ref _hub, hub);

    private Measurement<int>[] Measure()
    {
        var hub = Volatile.Read(ref _hub);
        return [new(hub?.RunningOf(video: true) ?? 0, Video), new(hub?.RunningOf(video: false) ?? 0, Audio)];
    }
}
