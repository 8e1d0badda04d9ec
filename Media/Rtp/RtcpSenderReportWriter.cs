using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// Writes the compound packet a sender sends to a viewer: a Sender Report without report blocks
/// (RFC 3550 §6.4.1; we receive no RTP from the viewer) followed by an SDES packet with the CNAME
/// (§6.1: every compound packet carries one).
/// </summary>
internal static class RtcpSenderReportWriter
{
    public const int MaxCnameLength = RtcpReceiverReportWriter.MaxCnameLength;

    private const int SenderReportSize = 28;

    /// <summary>Seconds from the NTP epoch (1900-01-01) to the Unix epoch (RFC 868).</summary>
    private const long NtpUnixOffsetSeconds = 2_208_988_800;

    public static int GetSize(int cnameLength) => SenderReportSize + 8 + ((cnameLength + 2 + 1 + 3) & ~3);

    /// <summary>The 64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high word, the fraction in the low.</summary>
    public static ulong ToNtpTimestamp(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        var fraction = (ulong)(((UInt128)(ulong)remainder << 32) / TimeSpan.TicksPerSecond);
        return ((ulong)(seconds + NtpUnixOffsetSeconds) << 32) | fraction;
    }

    /// <summary>False when <paramref name="destination"/> is too small or the CNAME too long.</summary>
    /// <param name="octetCount">Payload octets sent (§6.4.1: header and padding excluded).</param>
    public static bool TryWrite(
        Span<byte> destination,
        uint senderSsrc,
        ulong ntpTimestamp,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<byte> cname,
        out int written)
    {
        written = 0;
        if (cname.Length > MaxCnameLength)
        {
            return false;
        }

        var size = GetSize(cname.Length);
        if (destination.Length < size)
        {
            return false;
        }

        var sr = destination[..SenderReportSize];
        sr[0] = 0x80;
        sr[1] = RtcpPacketType.SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(sr[2..], (SenderReportSize / 4) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(sr[4..], senderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(sr[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(sr[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(sr[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(sr[24..], octetCount);

        // SDES (§6.5): one chunk with our SSRC, the CNAME item, a null item, zero padding to a word.
        var sdes = destination[SenderReportSize..size];
        sdes.Clear();
        sdes[0] = 0x81;
        sdes[1] = RtcpPacketType.SourceDescription;
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], (ushort)((sdes.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], senderSsrc);
        sdes[8] = 1;
        sdes[9] = (byte)cname.Length;
        cname.CopyTo(sdes[10..]);
        written = size;
        return true;
    }
}
