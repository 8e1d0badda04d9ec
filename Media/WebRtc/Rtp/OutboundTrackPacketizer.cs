using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// Turns the frames of one camera track into RTP packets once, for all its viewers ("packetize
/// once, encrypt per viewer"). H.264 uses RFC 6184 single NAL unit / FU-A packets
/// (<see cref="H264Packetizer"/>), H.265 RFC 7798 single NAL unit / FU packets
/// (<see cref="H265Packetizer"/>), PCMU, PCMA and Opus one frame per packet (RFC 3551 §4.5,
/// RFC 7587 §4.2).
/// <para>
/// Layout: every packet is a whole RTP header (RFC 3550 §5.1, 12 bytes, no CSRC, no extension)
/// with our sequence number, timestamp and marker, but SSRC <see cref="PlaceholderSsrc"/> and
/// payload type <see cref="PlaceholderPayloadType"/>. Each viewer negotiates its own payload type
/// and gets its own SSRC, and SRTP needs a per-viewer output buffer anyway, so the writer patches
/// these 5 bytes while copying into that buffer: one shared layout costs nothing per viewer,
/// while one layout per viewer would mean packetizing per viewer. A packet's payload is not
/// copied: it is a slice of the frame's bytes after a small header part (<see cref="OutboundPacket"/>),
/// so the frame's bytes exist once while the GOP and the retransmission history keep its packets.
/// </para>
/// <para>
/// Sequence numbers are ours, continuous across source failover. Output timestamps follow the
/// input's deltas; a jump back, a jump forward of more than <see cref="MaxTimestampGap"/>, or an
/// explicit <see cref="MarkDiscontinuity"/> (the hub switched source) continues from the last
/// output timestamp plus one frame interval (the last positive delta seen, else 1/30 s for video
/// and 20 ms for audio), so the viewer's jitter buffer never sees time go back.
/// </para>
/// <para>
/// A video keyframe that lacks parameter sets gets the latest ones (seen in-band, else from the
/// <see cref="TrackDescription"/>) in front, so every keyframe, including the first one a new
/// viewer gets from the kept GOP, is decodable on its own.
/// </para>
/// <para>
/// <see cref="Packetize"/> remembers each frame's packets while the frame is alive (the GOP
/// buffer keeps it), so a joining viewer replaying the kept GOP gets the same packets, with the
/// sequence numbers every other viewer saw, not a second packetization.
/// </para>
/// </summary>
internal sealed class OutboundTrackPacketizer
{
    public const uint PlaceholderSsrc = 0;
    public const byte PlaceholderPayloadType = 0;
    public const int HeaderSize = 12;

    /// <summary>Largest forward step of the source clock taken as continuous.</summary>
    public static readonly TimeSpan MaxTimestampGap = TimeSpan.FromSeconds(5);

    private readonly ConditionalWeakTable<MediaFrame, OutboundFrame> _packetized = [];
    private readonly Dictionary<int, ReadOnlyMemory<byte>> _parameterSets = [];
    private readonly Lock _gate = new();
    private readonly int _maxPayload;
    private readonly long _maxGap;
    private ushort _nextSequence;
    private long _lastInput;
    private long _lastOutput;
    private long _frameInterval;
    private DateTimeOffset _lastCapturedAt;
    private bool _started;
    private bool _discontinuity;
    private long _framesPacketized;
    private long _framesRejected;
    private long _discontinuities;

    public OutboundTrackPacketizer(
        TrackDescription track,
        ushort initialSequence,
        uint initialTimestamp,
        RetransmissionHistory? history = null,
        int maxPayload = H264Packetizer.DefaultMaxPayload)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(track.ClockRate, 1);
        if (track.Codec is not (MediaCodec.H264 or MediaCodec.H265 or MediaCodec.Pcmu or MediaCodec.Pcma or MediaCodec.Opus))
        {
            throw new ArgumentException($"WebRTC output does not carry {track.Codec}.", nameof(track));
        }

        Track = track;
        History = history ?? new RetransmissionHistory(track.ClockRate, RetransmissionHistory.DefaultWindow);
        _maxPayload = maxPayload;
        _nextSequence = initialSequence;
        _lastOutput = initialTimestamp;
        _maxGap = (long)(MaxTimestampGap.TotalSeconds * track.ClockRate);
        _frameInterval = IsVideo ? track.ClockRate / 30 : track.ClockRate / 50;
        if (IsVideo)
        {
            foreach (var set in track.ParameterSets)
            {
                RememberParameterSet(set);
            }
        }
    }

    public TrackDescription Track { get; }

    /// <summary>The packets sent on this track, for NACKs from any of its viewers.</summary>
    public RetransmissionHistory History { get; }

    public bool IsVideo => Track.Codec is MediaCodec.H264 or MediaCodec.H265;

    public long FramesPacketized => Interlocked.Read(ref _framesPacketized);

    /// <summary>Frames not sent: empty, or audio larger than one packet.</summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);

    public long Discontinuities => Interlocked.Read(ref _discontinuities);

    /// <summary>
    /// A packetizer with random initial sequence number and timestamp (RFC 3550 §5.1), whose
    /// retransmission history keeps <paramref name="historyWindow"/> of media time
    /// (<see cref="RetransmissionHistory.DefaultWindow"/> when null).
    /// </summary>
    public static OutboundTrackPacketizer Create(TrackDescription track, TimeSpan? historyWindow = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        return new OutboundTrackPacketizer(
            track,
            BinaryPrimitives.ReadUInt16BigEndian(random),
            BinaryPrimitives.ReadUInt32BigEndian(random[2..]),
            new RetransmissionHistory(track.ClockRate, historyWindow ?? RetransmissionHistory.DefaultWindow));
    }

    /// <summary>The next frame starts a new timeline (the hub failed over to another source URL).</summary>
    public void MarkDiscontinuity()
    {
        lock (_gate)
        {
            _discontinuity = true;
        }
    }

    /// <summary>
    /// The RTP timestamp that corresponds to wall-clock <paramref name="at"/> (RFC 3550 §6.4.1:
    /// the SR's RTP timestamp need not match a packet); false before the first frame.
    /// </summary>
    public bool TryGetRtpTimestamp(DateTimeOffset at, out uint rtpTimestamp)
    {
        lock (_gate)
        {
            rtpTimestamp = 0;
            if (!_started)
            {
                return false;
            }

            var elapsed = (long)Math.Round((at - _lastCapturedAt).TotalSeconds * Track.ClockRate);
            rtpTimestamp = (uint)(_lastOutput + elapsed);
            return true;
        }
    }

    /// <summary>
    /// The packets of <paramref name="frame"/>: made on the first call, the same ones on later
    /// calls for the same frame. Null when the frame cannot be sent (counted).
    /// </summary>
    public OutboundFrame? Packetize(MediaFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            if (_packetized.TryGetValue(frame, out var done))
            {
                return done;
            }

            var payloads = Payloads(frame);
            if (payloads.Count == 0)
            {
                _framesRejected++;
                return null;
            }

            var timestamp = (uint)NextTimestamp(frame.Timestamp);
            var headersLength = 0;
            foreach (var payload in payloads)
            {
                headersLength += HeaderSize + payload.PrefixLength;
            }

            // One small buffer per frame for the packets' headers (and FU prefixes); the payloads
            // stay slices of the frame's bytes, so a kept packet does not keep a second copy.
            var headers = new byte[headersLength];
            var packets = new OutboundPacket[payloads.Count];
            var offset = 0;
            for (var i = 0; i < payloads.Count; i++)
            {
                var length = HeaderSize + payloads[i].PrefixLength;
                var header = headers.AsSpan(offset, length);

                // RFC 6184 §5.1, RFC 7798 §4.1: the marker ends the access unit; audio leaves it clear.
                var marker = IsVideo && i == payloads.Count - 1;
                header[0] = 0x80;
                header[1] = (byte)((marker ? 0x80 : 0) | PlaceholderPayloadType);
                BinaryPrimitives.WriteUInt16BigEndian(header[2..], _nextSequence++);
                BinaryPrimitives.WriteUInt32BigEndian(header[4..], timestamp);
                BinaryPrimitives.WriteUInt32BigEndian(header[8..], PlaceholderSsrc);
                payloads[i].WritePrefix(header[HeaderSize..]);
                packets[i] = new OutboundPacket(headers.AsMemory(offset, length), payloads[i].Body);
                History.Add(packets[i]);
                offset += length;
            }

            var outbound = new OutboundFrame(timestamp, frame.IsKeyframe, packets, frame.ReceivedAt);
            _lastCapturedAt = frame.ReceivedAt;
            _packetized.AddOrUpdate(frame, outbound);
            _framesPacketized++;
            return outbound;
        }
    }

    private long NextTimestamp(long input)
    {
        if (!_started)
        {
            _started = true;
            _lastInput = input;
            return _lastOutput;
        }

        var delta = input - _lastInput;
        _lastInput = input;
        if (_discontinuity || delta < 0 || delta > _maxGap)
        {
            _discontinuity = false;
            _discontinuities++;
            _lastOutput += _frameInterval;
            return _lastOutput;
        }

        if (delta > 0)
        {
            _frameInterval = delta;
        }

        _lastOutput += delta;
        return _lastOutput;
    }

    private List<PayloadPiece> Payloads(MediaFrame frame)
    {
        switch (Track.Codec)
        {
            case MediaCodec.H264:
                return H264Packetizer.Pieces(WithParameterSets(frame), _maxPayload);
            case MediaCodec.H265:
                return H265Packetizer.Pieces(WithParameterSets(frame), _maxPayload);
            default:
                // Audio: one frame per packet; a frame that does not fit is not split (no
                // fragmentation exists for these payload formats).
                var size = frame.Size;
                if (size == 0 || size > _maxPayload)
                {
                    return [];
                }

                if (frame.Units.Count == 1)
                {
                    return [new PayloadPiece(frame.Units[0])];
                }

                var joined = new byte[size];
                var at = 0;
                foreach (var unit in frame.Units)
                {
                    unit.Span.CopyTo(joined.AsSpan(at));
                    at += unit.Length;
                }

                return [new PayloadPiece(joined)];
        }
    }

    private IReadOnlyList<ReadOnlyMemory<byte>> WithParameterSets(MediaFrame frame)
    {
        var present = new HashSet<int>();
        foreach (var unit in frame.Units)
        {
            if (RememberParameterSet(unit) is { } type)
            {
                present.Add(type);
            }
        }

        if (!frame.IsKeyframe || _parameterSets.Count == 0 || present.Count == _parameterSets.Count)
        {
            return frame.Units;
        }

        var units = new List<ReadOnlyMemory<byte>>(frame.Units.Count + _parameterSets.Count);
        foreach (var (type, set) in _parameterSets.OrderBy(p => p.Key))
        {
            if (!present.Contains(type))
            {
                units.Add(set);
            }
        }

        units.AddRange(frame.Units);
        return units;
    }

    /// <summary>Keeps the latest SPS/PPS (H.264) or VPS/SPS/PPS (H.265) by type; returns the type, or null for other units.</summary>
    private int? RememberParameterSet(ReadOnlyMemory<byte> unit)
    {
        if (unit.IsEmpty)
        {
            return null;
        }

        int type;
        if (Track.Codec == MediaCodec.H264)
        {
            type = unit.Span[0] & 0x1F;
            if (type is not (H264NalType.Sps or H264NalType.Pps))
            {
                return null;
            }
        }
        else
        {
            type = (unit.Span[0] >> 1) & 0x3F;
            if (type is not (H265NalType.Vps or H265NalType.Sps or H265NalType.Pps))
            {
                return null;
            }
        }

        _parameterSets[type] = unit;
        return type;
    }
}
