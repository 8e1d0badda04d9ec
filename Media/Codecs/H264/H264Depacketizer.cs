using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs.H264;

/// <summary>
/// H.264 RTP depacketizer, non-interleaved mode (RFC 6184 §6.2): single NAL unit packets (§5.6),
/// STAP-A (§5.7.1) and FU-A (§5.8). Interleaved-mode types (STAP-B, MTAP16/24, FU-B) are dropped
/// and counted. An access unit ends at the marker bit or when the timestamp changes (§5.1);
/// a keyframe is one that holds an IDR slice. SPS and PPS are taken from the SDP and in-band; a
/// keyframe that lacks them gets the latest ones put in front so that any viewer can start there.
/// </summary>
internal sealed class H264Depacketizer : IRtpDepacketizer
{
    private readonly AccessUnitAssembler _assembler;
    private readonly RtpTrackCounters _counters;
    private readonly AccessUnitLimits _limits;
    private readonly AccessUnitSequencer _sequencer;
    private readonly NalPayloadReader _addUnit;
    private readonly NalFragmentReassembler _fragments;
    private byte[]? _sps;
    private byte[]? _pps;
    private ReadOnlyMemory<byte>[]? _parameterSetPrefix;

    /// <param name="track">The track from the SDP; width, height, profile and parameter sets are filled in from the SPS.</param>
    /// <param name="sdpParameterSets">Decoded <c>sprop-parameter-sets</c> (NAL units without start codes).</param>
    public H264Depacketizer(
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
            Capture(set);
        }
    }

    public TrackDescription Track { get; private set; }

    /// <summary>Put the latest SPS and PPS in front of keyframes that lack them (default on).</summary>
    public bool PrependParameterSets { get; init; } = true;

    public void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output) =>
        _sequencer.Push(packet.Payload, packet.Marker, timestamp, discontinuity, receivedAt, output);

    private void ReadPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0)
        {
            // RFC 6184 §5.3: F=1 means the sender knows the unit is corrupt.
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var type = H264NalType.Of(payload[0]);
        switch (type)
        {
            case >= 1 and <= 23:
                _fragments.Interrupt();
                AddUnit(payload);
                break;
            case H264NalType.StapA:
                _fragments.Interrupt();
                ReadStapA(payload);
                break;
            case H264NalType.FuA:
                ReadFuA(payload);
                break;
            case H264NalType.StapB or H264NalType.Mtap16 or H264NalType.Mtap24 or H264NalType.FuB:
                Refuse(RtpDropReason.UnsupportedPacketization);
                break;
            default:
                // 0, 30, 31: unspecified.
                Refuse(RtpDropReason.MalformedPayload);
                break;
        }
    }

    private void ReadStapA(ReadOnlySpan<byte> payload)
    {
        // RFC 6184 §5.7.1: STAP-A header, then (size, NAL unit) pairs; only single NAL unit types inside.
        if (!AggregationUnits.IsValid(payload[1..], static unit => IsSingleNal(unit[0])))
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        AggregationUnits.ForEach(payload[1..], _addUnit);
    }

    private void ReadFuA(ReadOnlySpan<byte> payload)
    {
        // RFC 6184 §5.8: FU indicator, FU header (S, E, R, type), fragment.
        if (payload.Length < 2)
        {
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var header = payload[1];
        var start = (header & 0x80) != 0;
        var end = (header & 0x40) != 0;
        var type = header & 0x1F;
        if ((start && end) || type is 0 or >= 24)
        {
            // A start and an end in one packet, or an aggregation type inside a fragment, is invalid.
            Refuse(RtpDropReason.MalformedPayload);
            return;
        }

        var unit = _fragments.Push(start, end, type, [(byte)((payload[0] & 0xE0) | type)], payload[2..]);
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

    private static bool IsSingleNal(byte header) => (header & 0x80) == 0 && H264NalType.Of(header) is >= 1 and <= 23;

    private void Close(ICollection<MediaFrame> output)
    {
        _fragments.Reset();
        var keyframe = false;
        bool hasSps = false, hasPps = false;
        for (var i = 0; i < _assembler.UnitCount; i++)
        {
            switch (H264NalType.Of(_assembler.Unit(i)[0]))
            {
                case H264NalType.Idr:
                    keyframe = true;
                    break;
                case H264NalType.Sps:
                    hasSps = true;
                    break;
                case H264NalType.Pps:
                    hasPps = true;
                    break;
            }
        }

        IReadOnlyList<ReadOnlyMemory<byte>>? prefix = null;
        var prefixIndex = 0;
        if (keyframe && PrependParameterSets && !(hasSps && hasPps) && _parameterSetPrefix is not null)
        {
            prefix = _parameterSetPrefix;

            // An access unit delimiter, when present, stays first (H.264 §7.4.1.2.3).
            prefixIndex = H264NalType.Of(_assembler.Unit(0)[0]) == H264NalType.AccessUnitDelimiter ? 1 : 0;
        }

        var frame = _assembler.Close(Track.TrackId, MediaCodec.H264, keyframe, prefix, prefixIndex);
        if (frame is not null)
        {
            output.Add(frame);
        }
    }

    private void Capture(ReadOnlySpan<byte> unit)
    {
        var type = H264NalType.Of(unit[0]);
        if (type is not (H264NalType.Sps or H264NalType.Pps))
        {
            return;
        }

        var current = type == H264NalType.Sps ? _sps : _pps;
        if (current is not null && unit.SequenceEqual(current))
        {
            return;
        }

        if (unit.Length > _limits.MaxParameterSetSize)
        {
            _counters.Drop(RtpDropReason.MalformedParameterSet);
            return;
        }

        var track = Track;
        if (type == H264NalType.Sps)
        {
            var parsed = H264SpsParser.Parse(unit);
            if (parsed.Sps is not { } sps)
            {
                _counters.Drop(RtpDropReason.MalformedParameterSet);
                return;
            }

            _sps = unit.ToArray();
            track = track with { Width = sps.Width, Height = sps.Height, Profile = sps.ProfileLevelId };
        }
        else
        {
            _pps = unit.ToArray();
        }

        ReadOnlyMemory<byte>[] sets = _sps is null ? (_pps is null ? [] : [_pps]) : (_pps is null ? [_sps] : [_sps, _pps]);
        _parameterSetPrefix = _sps is not null && _pps is not null ? sets : null;
        Track = track with { ParameterSets = sets };
    }
}
