namespace SecureStream.Media.Rtp;

/// <summary>
/// Sequence number bookkeeping for one source (RFC 3550 Appendix A.1, without the probation wait:
/// a camera is trusted from its first packet so that a stream starts at once). Counts wraps,
/// loss, reordering and duplicates; the receiver drops what is not accepted.
/// </summary>
internal sealed class RtpSequenceTracker
{
    // RFC 3550 A.1: MAX_DROPOUT and MAX_MISORDER.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private int _badSeq = -1;
    private bool _started;

    /// <summary>Packets accepted since the first packet or the last restart.</summary>
    public long Received { get; private set; }

    /// <summary>Extended highest sequence number received (cycles in the upper 16 bits, RFC 3550 §6.4.1).</summary>
    public uint ExtendedHighest => _cycles + _maxSeq;

    /// <summary>Packets expected from the base to the highest number (RFC 3550 A.3).</summary>
    public long Expected => _started ? (long)ExtendedHighest - _baseSeq + 1 : 0;

    /// <summary>Cumulative number of packets lost (may be negative after duplicates, RFC 3550 §6.4.1).</summary>
    public long Lost => Expected - Received;

    /// <summary>Packets that arrived behind the newest one or twice (dropped).</summary>
    public long Reordered { get; private set; }

    public RtpSequenceVerdict Update(ushort sequenceNumber)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            return RtpSequenceVerdict.First;
        }

        var delta = (ushort)(sequenceNumber - _maxSeq);
        if (delta == 0)
        {
            Reordered++;
            return RtpSequenceVerdict.Duplicate;
        }

        if (delta < MaxDropout)
        {
            if (sequenceNumber < _maxSeq)
            {
                _cycles += SequenceModulo;
            }

            _maxSeq = sequenceNumber;
            _badSeq = -1;
            Received++;
            return delta == 1 ? RtpSequenceVerdict.InOrder : RtpSequenceVerdict.Gap;
        }

        if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: accept only when the next packet confirms it (the source restarted).
            if (sequenceNumber == _badSeq)
            {
                Restart(sequenceNumber);
                return RtpSequenceVerdict.Restart;
            }

            _badSeq = (sequenceNumber + 1) & 0xFFFF;
            return RtpSequenceVerdict.Jump;
        }

        Reordered++;
        return RtpSequenceVerdict.Late;
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _maxSeq = sequenceNumber;
        _baseSeq = sequenceNumber;
        _cycles = 0;
        _badSeq = -1;
        Received = 1;
    }
}
