using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// PCMU, PCMA (RFC 3551 §4.5.14) and Opus (RFC 7587 §4.2): one RTP payload is one frame, passed
/// through unchanged. Every audio frame stands alone, so each is marked a keyframe. Empty
/// payloads are dropped and counted.
/// </summary>
internal sealed class AudioPassThroughDepacketizer : IRtpDepacketizer
{
    private readonly RtpTrackCounters _counters;

    public AudioPassThroughDepacketizer(TrackDescription track, RtpTrackCounters counters)
    {
        Track = track;
        _counters = counters;
    }

    public TrackDescription Track { get; }

    public void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output)
    {
        if (packet.Payload.IsEmpty)
        {
            _counters.Drop(RtpDropReason.MalformedPayload);
            return;
        }

        output.Add(new MediaFrame(Track.TrackId, Track.Codec, timestamp, true, [packet.Payload.ToArray()], receivedAt));
        _counters.AddFrame(true);
    }
}
