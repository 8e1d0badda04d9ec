using SecureStream.Media.Frames;

namespace SecureStream.Media.Rtp;

/// <summary>
/// The receive path of one track of one camera: validates each RTP packet (RFC 3550 §5.1),
/// locks to one source (SSRC), drops duplicates and late packets, unwraps timestamps to 64 bits,
/// hands the rest to the codec's depacketizer, and keeps what a receiver report needs. Also reads
/// the camera's RTCP and writes the receiver reports to send back. Never throws on camera input
/// and never logs per packet: everything dropped is counted in <see cref="Counters"/>.
/// Not thread-safe: one receive loop owns it; <see cref="Counters"/> may be read from anywhere.
/// </summary>
internal sealed class RtpTrackReceiver
{
    private readonly IRtpDepacketizer _depacketizer;
    private readonly HashSet<byte> _payloadTypes;
    private readonly TimeProvider _timeProvider;
    private readonly RtpTimestampUnwrapper _timestamps = new();
    private readonly int _clockRate;
    private RtpReceptionStatistics _statistics;
    private uint? _ssrc;
    private uint? _candidateSsrc;
    private ushort _candidateSequence;
    private bool _restarted;

    /// <param name="payloadTypes">The RTP payload types the SDP assigned to this track; empty accepts any.</param>
    public RtpTrackReceiver(IRtpDepacketizer depacketizer, RtpTrackCounters counters, IEnumerable<byte> payloadTypes, TimeProvider timeProvider)
    {
        _depacketizer = depacketizer;
        Counters = counters;
        _payloadTypes = [.. payloadTypes];
        _timeProvider = timeProvider;
        _clockRate = depacketizer.Track.ClockRate;
        _statistics = new RtpReceptionStatistics(_clockRate);
    }

    /// <summary>The track; width, height, profile and parameter sets appear once an SPS was seen (SDP or in-band).</summary>
    public TrackDescription Track => _depacketizer.Track;

    public RtpTrackCounters Counters { get; }

    /// <summary>The camera's SSRC for this track, once a packet arrived.</summary>
    public uint? Ssrc => _ssrc;

    /// <summary>
    /// Reads one RTP packet; completed frames are added to <paramref name="output"/>. Returns null
    /// when the packet was taken, or why it was dropped. The packet's bytes are not kept.
    /// </summary>
    public RtpDropReason? Receive(ReadOnlySpan<byte> data, ICollection<MediaFrame> output)
    {
        if (!RtpPacket.TryRead(data, out var packet))
        {
            return Drop(RtpDropReason.MalformedRtp);
        }

        if (_payloadTypes.Count > 0 && !_payloadTypes.Contains(packet.PayloadType))
        {
            return Drop(RtpDropReason.UnexpectedPayloadType);
        }

        if (_ssrc != packet.Ssrc)
        {
            if (_ssrc is not null && !ConfirmNewSource(packet.Ssrc, packet.SequenceNumber))
            {
                return Drop(RtpDropReason.UnexpectedSsrc);
            }

            _restarted = _ssrc is not null;
            _ssrc = packet.Ssrc;
            _statistics = new RtpReceptionStatistics(_clockRate);
        }

        var now = _timeProvider.GetUtcNow();
        var verdict = _statistics.Observe(packet.SequenceNumber, packet.Timestamp, now);
        switch (verdict)
        {
            case RtpSequenceVerdict.Duplicate:
                return Drop(RtpDropReason.Duplicate);
            case RtpSequenceVerdict.Late:
                return Drop(RtpDropReason.Late);
            case RtpSequenceVerdict.Jump:
                return Drop(RtpDropReason.SequenceJump);
        }

        var restart = verdict == RtpSequenceVerdict.Restart || (_restarted && verdict == RtpSequenceVerdict.First);
        if (restart)
        {
            // A new source or a restarted one: keep the 64-bit timeline moving forward.
            _timestamps.Rebase(packet.Timestamp);
        }

        _restarted = false;
        Counters.AddPacket(data.Length);
        Counters.SetLost(_statistics.Sequence.Lost);
        var timestamp = _timestamps.Unwrap(packet.Timestamp);
        _depacketizer.Push(packet, timestamp, verdict == RtpSequenceVerdict.Gap || restart, now, output);
        return null;
    }

    /// <summary>Reads a compound RTCP packet from the camera; sender reports are optional and never waited for.</summary>
    public RtcpReceiveResult ReceiveRtcp(ReadOnlySpan<byte> data)
    {
        if (RtcpCompoundReader.Validate(data) != RtcpError.None)
        {
            Counters.Drop(RtpDropReason.MalformedRtcp);
            return RtcpReceiveResult.Malformed;
        }

        Counters.AddRtcp();
        var result = RtcpReceiveResult.Accepted;
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out var packet))
        {
            if (packet.Type == RtcpPacketType.SenderReport && packet.Ssrc == _ssrc)
            {
                _statistics.OnSenderReport(packet.SenderNtpTimestamp, _timeProvider.GetUtcNow());
            }
            else if (packet.Type == RtcpPacketType.Goodbye && _ssrc is { } ssrc)
            {
                for (var i = 0; i < packet.Count; i++)
                {
                    if (packet.GoodbyeSource(i) == ssrc)
                    {
                        result = RtcpReceiveResult.Goodbye;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Writes a receiver report (RFC 3550 §6.4.2) with SDES CNAME for this track's source into
    /// <paramref name="destination"/> (256 bytes always suffice). Before any packet arrived the
    /// report has no block. Resets the interval used for the fraction lost.
    /// </summary>
    public bool TryWriteReceiverReport(Span<byte> destination, uint receiverSsrc, ReadOnlySpan<byte> cname, out int written)
    {
        if (_ssrc is not { } ssrc)
        {
            return RtcpReceiverReportWriter.TryWrite(destination, receiverSsrc, [], cname, out written);
        }

        ReadOnlySpan<RtcpReportBlock> block = [_statistics.CreateReportBlock(ssrc, _timeProvider.GetUtcNow())];
        return RtcpReceiverReportWriter.TryWrite(destination, receiverSsrc, block, cname, out written);
    }

    private bool ConfirmNewSource(uint ssrc, ushort sequence)
    {
        // Switch sources only on two consecutive packets from the new one (RFC 3550 A.1's
        // MIN_SEQUENTIAL idea), so a stray or spoofed packet cannot take the track over.
        if (_candidateSsrc == ssrc && (ushort)(_candidateSequence + 1) == sequence)
        {
            _candidateSsrc = null;
            return true;
        }

        _candidateSsrc = ssrc;
        _candidateSequence = sequence;
        return false;
    }

    private RtpDropReason Drop(RtpDropReason reason)
    {
        Counters.Drop(reason);
        return reason;
    }
}
