using System.Buffers.Binary;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Just enough of RFC 3550 §6.4 reception state for a basic receiver report: the sender's SSRC,
/// the extended highest sequence number, and the last sender report's time. Updated by the receive
/// loop, read by the report timer.
/// </summary>
internal sealed class RtpReceptionState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private uint _ssrc;
    private bool _seen;
    private ushort _highest;
    private uint _cycles;
    private uint _lastSenderReport;
    private long _lastSenderReportAt;

    public RtpReceptionState(TimeProvider time) => _time = time;

    public long Packets { get; private set; }

    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        // RFC 3550 §5.1: version 2, 12-byte fixed header; anything else is not counted.
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        lock (_lock)
        {
            Packets++;
            if (!_seen || ssrc != _ssrc)
            {
                (_seen, _ssrc, _highest, _cycles) = (true, ssrc, sequence, 0);
                return;
            }

            // RFC 3550 appendix A.1: a small forward step (mod 2^16) advances, wrapping counts a cycle.
            var delta = (ushort)(sequence - _highest);
            if (delta is > 0 and < 0x8000)
            {
                if (sequence < _highest)
                {
                    _cycles += 0x10000;
                }

                _highest = sequence;
            }
        }
    }

    public void OnRtcp(ReadOnlySpan<byte> packet)
    {
        // RFC 3550 §6.4.1: a sender report (PT 200) carries the NTP timestamp at bytes 8–15.
        if (packet.Length < 28 || packet[0] >> 6 != 2 || packet[1] != 200)
        {
            return;
        }

        lock (_lock)
        {
            _lastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(packet[10..]);
            _lastSenderReportAt = _time.GetTimestamp();
        }
    }

    /// <summary>Writes a receiver report with one report block, or nothing (0) before the first packet.</summary>
    public int WriteReceiverReport(uint reporterSsrc, Span<byte> destination)
    {
        uint ssrc;
        uint extendedHighest;
        uint lsr;
        uint dlsr = 0;
        lock (_lock)
        {
            if (!_seen)
            {
                return 0;
            }

            (ssrc, extendedHighest, lsr) = (_ssrc, _cycles + _highest, _lastSenderReport);
            if (lsr != 0)
            {
                // DLSR in units of 1/65536 s (RFC 3550 §6.4.1).
                dlsr = (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(_lastSenderReportAt).TotalSeconds * 65536);
            }
        }

        return RtcpReceiverReport.Write(destination, reporterSsrc, ssrc, extendedHighest, lsr, dlsr);
    }
}
