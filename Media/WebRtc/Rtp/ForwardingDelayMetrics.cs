using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// The gateway's own delay on the live path (meter <c>SecureStream.Media</c>, histogram
/// <c>securestream.media.forwarding_delay</c>, seconds, tag <c>kind</c> = video or audio): per frame
/// sent to a viewer, from the arrival of the frame's first RTP packet from the camera
/// (<see cref="Frames.MediaFrame.ReceivedAt"/>, stamped by the RTP receiver) to the moment the
/// frame's last SRTP packet was handed to the viewer's socket by <see cref="ViewerRtpWriter"/>.
/// It therefore includes the camera's own spread of a frame's packets, depacketizing, the hub's
/// fan-out, packetizing, the viewer's queue and SRTP.
/// </summary>
/// <remarks>
/// Only live frames count: a frame that arrived from the camera before the viewer's writer
/// existed (the kept group of pictures a new viewer starts with, or frames queued during ICE and
/// DTLS) has waited for the viewer, not for the gateway, and is not recorded.
/// </remarks>
internal sealed class ForwardingDelayMetrics
{
    public const string InstrumentName = "securestream.media.forwarding_delay";

    // From half a millisecond (a frame through an idle gateway) to a second (a viewer far behind).
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");

    private readonly Histogram<double> _delay;
    private readonly TimeProvider _time;

    public ForwardingDelayMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _delay = meterFactory.Create(StreamHubMetrics.MeterName).CreateHistogram<double>(
            InstrumentName,
            "s",
            "Live frames: first packet's arrival from the camera to the last SRTP packet handed to the viewer's socket.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    /// <summary>The clock <see cref="Frames.MediaFrame.ReceivedAt"/> is read from (the host's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Records a frame whose last packet was just sent, unless it arrived before <paramref name="liveFrom"/>.</summary>
    public void FrameSent(DateTimeOffset receivedAt, DateTimeOffset liveFrom, bool video)
    {
        if (receivedAt >= liveFrom)
        {
            _delay.Record((_time.GetUtcNow() - receivedAt).TotalSeconds, video ? Video : Audio);
        }
    }
}
