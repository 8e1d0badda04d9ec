using System.Buffers.Binary;
using System.Security.Cryptography;
using SecureStream.Media.Rtp;

namespace SecureStream.DemoCameras;

/// <summary>
/// One set-up track of a session: its interleaved channel and RTP identity. SSRC, first sequence
/// number and timestamp offset are random (RFC 3550 §5.1), so sessions are independent streams.
/// </summary>
internal sealed class DemoRtpTrack
{
    /// <summary>An interleaved RTCP sender report without reception report blocks (RFC 3550 §6.4.1).</summary>
    /// <summary>CNAME in the SR's SDES chunk (RFC 3550 §6.5.1): the same for every demo camera is fine, one source per session.</summary>
    private static ReadOnlySpan<byte> Cname => "securestream-demo"u8;

    /// <summary>Interleave header + SR + SDES CNAME.</summary>
    public static int SenderReportSize => 4 + RtcpSenderReportWriter.GetSize(Cname.Length);

    /// <summary>Size of the interleaved frame header (RFC 2326 §10.12) plus the fixed RTP header (RFC 3550 §5.1).</summary>
    public const int PacketOverhead = 4 + 12;


    public DemoRtpTrack(int trackId, byte channel, byte payloadType, int clockRate)
    {
        TrackId = trackId;
        Channel = channel;
        PayloadType = payloadType;
        ClockRate = clockRate;
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(random);
        NextSequence = BinaryPrimitives.ReadUInt16BigEndian(random[4..]);
        TimestampOffset = BinaryPrimitives.ReadUInt32BigEndian(random[6..]);
    }

    public int TrackId { get; }

    /// <summary>RTP goes on this channel, RTCP on the next (RFC 2326 §12.39).</summary>
    public byte Channel { get; }

    public byte PayloadType { get; }

    public int ClockRate { get; }

    public uint Ssrc { get; }

    public uint TimestampOffset { get; }

    /// <summary>Sequence number of the next packet; only the pacing loop advances it once playing.</summary>
    public ushort NextSequence { get; private set; }

    /// <summary>RTP packets sent (the sender report's packet count).</summary>
    public uint PacketCount { get; private set; }

    /// <summary>RTP payload octets sent (the sender report's octet count).</summary>
    public uint OctetCount { get; private set; }

    /// <summary>The RTP timestamp for a position on the shared timeline, in this track's clock.</summary>
    public uint Timestamp(long clockTicks) => unchecked(TimestampOffset + (uint)clockTicks);

    /// <summary>Writes <c>$ channel length</c>, the RTP header and <paramref name="payload"/>; returns the bytes written.</summary>
    public int WritePacket(Span<byte> destination, long clockTicks, bool marker, ReadOnlySpan<byte> payload)
    {
        var rtpLength = 12 + payload.Length;
        destination[0] = (byte)'$';
        destination[1] = Channel;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)rtpLength);
        var rtp = destination[4..];
        rtp[0] = 0x80; // V=2, no padding, no extension, no CSRC
        rtp[1] = (byte)((marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(rtp[2..], NextSequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp[4..], Timestamp(clockTicks));
        BinaryPrimitives.WriteUInt32BigEndian(rtp[8..], Ssrc);
        payload.CopyTo(rtp[12..]);
        NextSequence = unchecked((ushort)(NextSequence + 1));
        PacketCount = unchecked(PacketCount + 1);
        OctetCount = unchecked(OctetCount + (uint)payload.Length);
        return 4 + rtpLength;
    }

    /// <summary>
    /// Writes an RTCP sender report on the RTCP channel mapping <paramref name="wallclock"/> to the
    /// RTP time of <paramref name="clockTicks"/> (RFC 3550 §6.4.1); both tracks are reported at the
    /// same instant, which is what lets a receiver line audio up with video.
    /// </summary>
    public int WriteSenderReport(Span<byte> destination, long clockTicks, DateTimeOffset wallclock)
    {
        // One SR writer for the whole origin (Media/Rtp); here it only gets the interleave header.
        destination[0] = (byte)'$';
        destination[1] = (byte)(Channel + 1);
        if (!RtcpSenderReportWriter.TryWrite(
                destination[4..], Ssrc, RtcpSenderReportWriter.ToNtpTimestamp(wallclock), Timestamp(clockTicks), PacketCount, OctetCount, Cname, out var written))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)written);
        return 4 + written;
    }
}
