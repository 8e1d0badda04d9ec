using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs.H265;

/// <summary>
/// H.265 RTP depacketizer (RFC 7798): single NAL unit packets (§4.4.1), aggregation packets
/// (§4.4.2, type 48) and fragmentation units (§4.4.3, type 49). PACI (type 50) is refused.
/// DONL/DOND fields are not supported: they are present only when the SDP sets
/// <c>sprop-max-don-diff</c> above 0, and such tracks are refused where the track is set up
/// (<see cref="RtpTrackFactory"/>), so here every packet is read without them. An access unit ends
/// at the marker bit or a timestamp change; a keyframe holds an IRAP picture (types 16–21).
/// VPS, SPS and PPS are taken from the SDP and in-band, and put in front of keyframes lacking them.
/// </summary>
internal sealed class H265Depacketizer : IRtpDepacketizer
{
    private readonly AccessUnitAssembler _assembler;
    private readonly RtpTrackCounters _counters;
    private readonly AccessUnitLimits _limits;
    private readonly byte[]?[] _parameterSets = new byte[]?[3];
    private readonly AccessUnitSequencer _sequencer;
    private readonly NalPayloadReader _addUnit;
    private readonly NalFragmentReassembler _fragments;
    private ReadOnlyMemory<byte>[]? _parameterSetPrefix;

    public H265Depacketizer(
        TrackDescription track,
        RtpTrackCounters counters,
        AccessUnitLimits limits,
        IEnumerable<byte[]>? sdpParameterSets = null)
    {
        Track = track;
        _counters = counters;
        _limits = limits;
        _assembler = new AccessUnitAssembler(counters, limits);
        _fragments = new NalFragmentReassembler(_assembler, counters);
        _sequencer = new AccessUnitSequencer(_assembler, ReadPayload, Close);
        _addUnit = AddUnit;
        foreach (var set in sdpParameterSets ?? [])
        {
            if (set.Length >= 2)
            {
                Capture(set);
            }
        }
    }

    public TrackDescription Track { get; private set; }

    /// <summary>Put the latest VPS, SPS and PPS in front of keyframes that lack them (default on).</summary>
    public bool PrependParameterSets { get; init; } = true;

    public void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output) =>
        _sequencer.Push(packet.Payload, packet.Marker, timestamp, discontinuity, receivedAt, output);

    private static bool IsValidHeader(ReadOnlySpan<byte> header) =>

        // §1.1.4: F must be 0 and nuh_temporal_id_plus1 must not be 0.
        header.Length >= 2 && (header[0] & 0x80) == 0 && (header[1] & 0x07) != 0;

    private void ReadPayload(ReadOnlySpan<byte> payload)
    {
        if (!IsValidHeader(payload))
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var type = H265NalType.Of(payload[0]);
        switch (type)
        {
            case < H265NalType.AggregationPacket:
                _fragments.Interrupt();
                AddUnit(payload);
                break;
            case H265NalType.AggregationPacket:
                _fragments.Interrupt();
                ReadAggregation(payload);
                break;
            case H265NalType.FragmentationUnit:
                ReadFragment(payload);
                break;
            case H265NalType.Paci:
                Refuse(RtpDropReason.UnsupportedPacketization);
                break;
            default:
                Refuse(RtpDropReason.MalformedPayload);
                break;
        }
    }

    private void ReadAggregation(ReadOnlySpan<byte> payload)
    {
        // §4.4.2: payload header, then (size, NAL unit) pairs; each unit a valid, non-aggregated NAL unit.
        if (!AggregationUnits.IsValid(payload[2..], static unit => unit.Length >= 2 && IsValidHeader(unit) && H265NalType.Of(unit[0]) < H265NalType.AggregationPacket))
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        AggregationUnits.ForEach(payload[2..], _addUnit);
    }

    private void ReadFragment(ReadOnlySpan<byte> payload)
    {
        // §4.4.3: payload header (2), FU header (S, E, FuType), fragment.
        if (payload.Length < 3)
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var header = payload[2];
        var start = (header & 0x80) != 0;
        var end = (header & 0x40) != 0;
        var type = header & 0x3F;
        if ((start && end) || type >= H265NalType.AggregationPacket)
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var unit = _fragments.Push(start, end, type, [(byte)((payload[0] & 0x81) | (type << 1)), payload[1]], payload[3..]);
        if (!unit.IsEmpty)
        {
            Capture(unit);
        }
    }

    private void AddUnit(ReadOnlySpan<byte> unit)
    {
        _assembler.AddUnit(unit);
        Capture(unit);
    }

    private void Refuse(RtpDropReason reason)
    {
        _counters.Drop(reason);
        _fragments.Reset();
        _assembler.Damage(RtpDropReason.IncompleteAccessUnit);
    }

    private void Close(ICollection<MediaFrame> output)
    {
        _fragments.Reset();
        var keyframe = false;
        var present = 0;
        for (var i = 0; i < _assembler.UnitCount; i++)
        {
            var type = H265NalType.Of(_assembler.Unit(i)[0]);
            if (type is >= H265NalType.FirstIrap and <= H265NalType.LastIrap)
            {
                keyframe = true;
            }
            else if (type is >= H265NalType.Vps and <= H265NalType.Pps)
            {
                present |= 1 << (type - H265NalType.Vps);
            }
        }

        IReadOnlyList<ReadOnlyMemory<byte>>? prefix = null;
        var prefixIndex = 0;
        if (keyframe && PrependParameterSets && present != 0b111 && _parameterSetPrefix is not null)
        {
            prefix = _parameterSetPrefix;
            prefixIndex = H265NalType.Of(_assembler.Unit(0)[0]) == H265NalType.AccessUnitDelimiter ? 1 : 0;
        }

        var frame = _assembler.Close(Track.TrackId, MediaCodec.H265, keyframe, prefix, prefixIndex);
        if (frame is not null)
        {
            output.Add(frame);
        }
    }

    private void Capture(ReadOnlySpan<byte> unit)
    {
        var type = H265NalType.Of(unit[0]);
        if (type is < H265NalType.Vps or > H265NalType.Pps)
        {
            return;
        }

        var index = type - H265NalType.Vps;
        if (_parameterSets[index] is { } current && unit.SequenceEqual(current))
        {
            return;
        }

        if (unit.Length > _limits.MaxParameterSetSize)
        {
            _counters.Drop(RtpDropReason.MalformedParameterSet);
            return;
        }

        var track = Track;
        if (type == H265NalType.Sps)
        {
            var parsed = H265SpsParser.Parse(unit);
            if (parsed.Sps is not { } sps)
            {
                _counters.Drop(RtpDropReason.MalformedParameterSet);
                return;
            }

            track = track with { Width = sps.Width, Height = sps.Height, Profile = sps.FormatParameters };
        }

        _parameterSets[index] = unit.ToArray();
        var sets = new List<ReadOnlyMemory<byte>>(3);
        foreach (var set in _parameterSets)
        {
            if (set is not null)
            {
                sets.Add(set);
            }
        }

        ReadOnlyMemory<byte>[] array = [.. sets];
        _parameterSetPrefix = array.Length == 3 ? array : null;
        Track = track with { ParameterSets = array };
    }
}
