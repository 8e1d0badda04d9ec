namespace SecureStream.Media.Rtp;

/// <summary>
/// Reception statistics of one source, as a receiver report needs them (RFC 3550 §6.4.1, A.3,
/// A.8): sequence tracking, loss, interarrival jitter, and the last sender report. Tolerates a
/// source that never sends a sender report (LSR and DLSR stay 0).
/// </summary>
internal sealed class RtpReceptionStatistics
{
    private readonly int _clockRate;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private bool _hasTransit;
    private double _jitter;
    private DateTimeOffset _firstArrival;
    private uint _lastSenderReport;
    private DateTimeOffset _lastSenderReportAt;

    public RtpReceptionStatistics(int clockRate)
    {
        _clockRate = clockRate > 0 ? clockRate : 90000;
    }

    public RtpSequenceTracker Sequence { get; } = new();

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 A.8).</summary>
    public uint Jitter => (uint)_jitter;

    public RtpSequenceVerdict Observe(ushort sequenceNumber, uint timestamp, DateTimeOffset arrival)
    {
        var verdict = Sequence.Update(sequenceNumber);
        if (verdict is RtpSequenceVerdict.First or RtpSequenceVerdict.Restart)
        {
            _expectedPrior = 0;
            _receivedPrior = 0;
            _hasTransit = false;
            _jitter = 0;
            _firstArrival = arrival;
        }

        if (verdict is RtpSequenceVerdict.First or RtpSequenceVerdict.InOrder or RtpSequenceVerdict.Gap or RtpSequenceVerdict.Restart)
        {
            // RFC 3550 A.8: J += (|D| - J) / 16, with arrival time in timestamp units (counted
            // from the first packet so that the double keeps sub-unit precision).
            var arrivalUnits = (long)((arrival - _firstArrival).TotalSeconds * _clockRate);
            var transit = arrivalUnits - timestamp;
            if (_hasTransit)
            {
                var d = Math.Abs(transit - _lastTransit);
                _jitter += (d - _jitter) / 16.0;
            }

            _lastTransit = transit;
            _hasTransit = true;
        }

        return verdict;
    }

    /// <summary>Records a sender report's NTP timestamp (RFC 3550 §6.4.1 LSR: its middle 32 bits).</summary>
    public void OnSenderReport(ulong ntpTimestamp, DateTimeOffset arrival)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportAt = arrival;
    }

    /// <summary>The report block for this source, and the interval bookkeeping for the next one (RFC 3550 A.3).</summary>
    public RtcpReportBlock CreateReportBlock(uint ssrc, DateTimeOffset now)
    {
        var expected = Sequence.Expected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = Sequence.Received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = Sequence.Received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        // Cumulative lost is a signed 24-bit field: clamp.
        var lost = (int)Math.Clamp(Sequence.Lost, -0x800000, 0x7FFFFF);
        uint delay = 0;
        if (_lastSenderReport != 0)
        {
            // DLSR in units of 1/65536 s.
            var seconds = Math.Max(0, (now - _lastSenderReportAt).TotalSeconds);
            delay = (uint)Math.Min(uint.MaxValue, seconds * 65536);
        }

        return new RtcpReportBlock(ssrc, fraction, lost, Sequence.ExtendedHighest, Jitter, _lastSenderReport, delay);
    }
}
