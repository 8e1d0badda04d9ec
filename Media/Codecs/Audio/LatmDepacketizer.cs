using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// AAC over RFC 6416 <c>MP4A-LATM</c> with <c>cpresent=0</c>: each payload holds AudioMuxElements
/// (§6.1), each a PayloadLengthInfo (bytes of 255 continue the length) and that many bytes of
/// access unit (ISO 14496-3 §1.7.3.1); several may follow one another in a packet. An element too
/// long for one packet is fragmented over packets with the same timestamp, the marker bit on the
/// last (§6.1): fragments are gathered up to <see cref="MaxElementBytes"/>. Every length is checked
/// and a packet whose lengths do not add up exactly is dropped whole and counted; the access units
/// come out as <see cref="MediaCodec.Aac"/> frames on the RTP clock, with the AudioSpecificConfig
/// in <see cref="TrackDescription.ParameterSets"/> as for RFC 3640.
/// </summary>
internal sealed class LatmDepacketizer : IRtpDepacketizer
{
    /// <summary>Most access units accepted in one element (or packet).</summary>
    public const int MaxUnitsPerPacket = 64;

    /// <summary>
    /// Largest element gathered from fragments: an AAC access unit is at most 6144 bits per channel
    /// (ISO 14496-3 §4.5.3.2), 6 KB for eight channels, so 8 KB holds any real one.
    /// </summary>
    public const int MaxElementBytes = 8192;

    private readonly RtpTrackCounters _counters;
    private readonly LatmFormat _format;
    private byte[]? _pending;
    private int _pendingLength;
    private long _pendingTimestamp;
    private bool _skipping;

    public LatmDepacketizer(TrackDescription track, RtpTrackCounters counters, LatmFormat format)
    {
        _counters = counters;
        _format = format;
        Track = track with { ParameterSets = [format.ConfigBytes], Profile = format.Config.CodecString };
    }

    public TrackDescription Track { get; }

    public void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output)
    {
        var payload = packet.Payload;
        if ((_pendingLength > 0 || _skipping) && (discontinuity || timestamp != _pendingTimestamp))
        {
            // The rest of the element was lost (or a new one began without its end).
            if (_pendingLength > 0)
            {
                _counters.Drop(RtpDropReason.IncompleteAccessUnit);
            }

            Reset();
        }

        if (_skipping)
        {
            // The rest of an element already dropped as oversized.
            _skipping = !packet.Marker;
            return;
        }

        if (!packet.Marker || _pendingLength > 0)
        {
            if (_pendingLength + payload.Length > MaxElementBytes)
            {
                _counters.Drop(RtpDropReason.OversizedAccessUnit);
                Reset();
                _skipping = !packet.Marker;
                _pendingTimestamp = timestamp;
                return;
            }

            _pending ??= new byte[MaxElementBytes];
            payload.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += payload.Length;
            _pendingTimestamp = timestamp;
            if (!packet.Marker)
            {
                return;
            }

            Emit(_pending.AsSpan(0, _pendingLength), timestamp, receivedAt, output);
            Reset();
            return;
        }

        Emit(payload, timestamp, receivedAt, output);
    }

    private void Emit(ReadOnlySpan<byte> element, long timestamp, DateTimeOffset receivedAt, ICollection<MediaFrame> output)
    {
        Span<int> offsets = stackalloc int[MaxUnitsPerPacket];
        Span<int> lengths = stackalloc int[MaxUnitsPerPacket];
        var count = 0;
        var position = 0;
        while (position < element.Length)
        {
            if (count == MaxUnitsPerPacket)
            {
                _counters.Drop(RtpDropReason.MalformedPayload);
                return;
            }

            // PayloadLengthInfo, frameLengthType 0: bytes of 255 add up until one is not 255.
            var length = 0;
            byte value;
            do
            {
                if (position == element.Length)
                {
                    _counters.Drop(RtpDropReason.MalformedPayload);
                    return;
                }

                value = element[position++];
                length += value;
            }
            while (value == 255);

            if (length == 0 || length > element.Length - position)
            {
                _counters.Drop(RtpDropReason.MalformedPayload);
                return;
            }

            offsets[count] = position;
            lengths[count++] = length;
            position += length;
        }

        if (count == 0)
        {
            _counters.Drop(RtpDropReason.MalformedPayload);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var unit = element.Slice(offsets[i], lengths[i]).ToArray();
            output.Add(new MediaFrame(Track.TrackId, MediaCodec.Aac, timestamp + ((long)i * _format.FrameDuration), true, [unit], receivedAt));
            _counters.AddFrame(true);
        }
    }

    private void Reset()
    {
        _pendingLength = 0;
        _skipping = false;
    }
}
