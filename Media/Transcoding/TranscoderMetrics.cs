using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// <c>securestream.media.transcoders.running{kind}</c> on the media meter: the ffmpeg transcoders
/// running now, video or audio, read from the <see cref="TranscoderHub"/> when a scrape asks.
/// </summary>
internal sealed class TranscoderMetrics
{
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");

    public TranscoderMetrics(IMeterFactory meterFactory, TranscoderHub hub)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(hub);
        meterFactory.Create(StreamHubMetrics.MeterName).CreateObservableGauge(
            "securestream.media.transcoders.running",
            () => new[] { new Measurement<int>(hub.RunningOf(video: true), Video), new Measurement<int>(hub.RunningOf(video: false), Audio) },
            "{transcoder}",
            "Transcoders running now, by the kind of track they make.");
    }
}
