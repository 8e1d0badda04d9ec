using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Sdp;

namespace SecureStream.ViewerClient;

/// <summary>
/// Checks what one received track carries, through the gateway's own receive path
/// (<see cref="RtpTrackFactory"/>: RTP validation, sequence bookkeeping per RFC 3550 A.1, the
/// codec's depacketizer): packets and bytes, loss by sequence numbers, access units and
/// keyframes (an IDR slice, RFC 6184 §5.1), and for H.264 every NAL unit of every access unit —
/// forbidden bit clear, a type a decoder takes (1–23), and SPS that parse.
/// Not thread-safe: the viewer's receive loop owns it.
/// </summary>
internal sealed class ViewerTrackMonitor
{
    private readonly RtpTrackReceiver? _receiver;
    private readonly List<MediaFrame> _frames = new(4);

    public ViewerTrackMonitor(ViewerAnswerTrack track, TimeProvider timeProvider)
    {
        Track = track;
        var parameters = SdpTrackReader.TryReadParameters(track.FormatParameters, out var read)
            ? read
            : new Dictionary<string, string>();
        var created = RtpTrackFactory.Create(
            new RtpTrackSettings(0, (byte)track.PayloadType, track.EncodingName, track.ClockRate) { FormatParameters = parameters },
            timeProvider);
        _receiver = created.Receiver;
        UnsupportedReason = created.Error;
    }

    public ViewerAnswerTrack Track { get; }

    /// <summary>Why the track's codec cannot be checked (e.g. Opus, which has no depacketizer here); then only packets are counted.</summary>
    public string? UnsupportedReason { get; }

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Packets missing by sequence numbers (RFC 3550 §6.4.1), net of duplicates.</summary>
    public long Lost => _receiver?.Counters.Snapshot().Lost ?? 0;

    /// <summary>Packets the receive path refused (malformed RTP or payload, duplicates, late, jumps…).</summary>
    public long Dropped => _receiver?.Counters.Snapshot().DroppedTotal ?? 0;

    /// <summary>Payloads the depacketizer refused as not H.264 a decoder could take (not those a loss left incomplete).</summary>
    public long MalformedPayloads => _receiver is null
        ? 0
        : _receiver.Counters.DroppedBy(RtpDropReason.MalformedPayload)
            + _receiver.Counters.DroppedBy(RtpDropReason.UnsupportedPacketization)
            + _receiver.Counters.DroppedBy(RtpDropReason.MalformedParameterSet);

    public long Frames { get; private set; }

    public long Keyframes { get; private set; }

    /// <summary>NAL units that a decoder would refuse: forbidden bit set, type 0 or an RTP-only type, or an SPS that does not parse.</summary>
    public long BadNalUnits { get; private set; }

    /// <summary>The picture size from the last SPS seen.</summary>
    public (int Width, int Height)? PictureSize { get; private set; }

    /// <summary>Reads one decrypted RTP packet of this track; returns how many keyframes it completed.</summary>
    public int Receive(ReadOnlySpan<byte> rtp)
    {
        Packets++;
        Bytes += rtp.Length;
        if (_receiver is null)
        {
            return 0;
        }

        _frames.Clear();
        _receiver.Receive(rtp, _frames);
        var keyframes = 0;
        foreach (var frame in _frames)
        {
            Frames++;
            if (frame.IsKeyframe)
            {
                Keyframes++;
                keyframes++;
            }

            if (frame.Codec == MediaCodec.H264)
            {
                CheckH264(frame);
            }
        }

        return keyframes;
    }

    private void CheckH264(MediaFrame frame)
    {
        foreach (var unit in frame.Units)
        {
            var nal = unit.Span;

            // RFC 6184 §1.3: forbidden_zero_bit, nal_unit_type; 24–31 exist only in RTP payloads.
            if (nal.IsEmpty || (nal[0] & 0x80) != 0 || H264NalType.Of(nal[0]) is 0 or > 23)
            {
                BadNalUnits++;
                continue;
            }

            if (H264NalType.Of(nal[0]) == H264NalType.Sps)
            {
                var sps = H264SpsParser.Parse(nal);
                if (sps.Sps is { } parsed)
                {
                    PictureSize = (parsed.Width, parsed.Height);
                }
                else
                {
                    BadNalUnits++;
                }
            }
        }
    }
}
