using System.Buffers.Binary;
using CsCheck;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtcpFeedbackTests
{
    /// <summary>A feedback packet (RFC 4585 §6.1): header with FMT, sender SSRC, media SSRC, FCI.</summary>
    internal static byte[] Feedback(byte type, int format, uint sender, uint media, ReadOnlySpan<byte> fci)
    {
        var packet = new byte[12 + fci.Length];
        packet[0] = (byte)(0x80 | format);
        packet[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), media);
        fci.CopyTo(packet.AsSpan(12));
        return packet;
    }

    internal static byte[] Nack(uint media, ushort pid, ushort blp, uint sender = 0xAABBCCDD)
    {
        var fci = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(fci, pid);
        BinaryPrimitives.WriteUInt16BigEndian(fci.AsSpan(2), blp);
        return Feedback(RtcpPacketType.TransportFeedback, 1, sender, media, fci);
    }

    internal static byte[] Pli(uint media, uint sender = 0xAABBCCDD) => Feedback(RtcpPacketType.PayloadFeedback, 1, sender, media, []);

    internal static byte[] Fir(uint media, byte sequence, uint sender = 0xAABBCCDD)
    {
        var fci = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(fci, media);
        fci[4] = sequence;
        return Feedback(RtcpPacketType.PayloadFeedback, 4, sender, 0, fci);
    }

    private static RtcpFeedbackKind? ReadOne(byte[] data, out ushort[] nacks, out (uint, byte)[] firs)
    {
        nacks = [];
        firs = [];
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out var packet));
        if (!RtcpFeedback.TryRead(packet, out var feedback))
        {
            return null;
        }

        var buffer = new ushort[64];
        nacks = buffer[..feedback.CopyNackSequences(buffer)];
        var list = new List<(uint, byte)>();
        for (var i = 0; i < feedback.FirEntryCount; i++)
        {
            Assert.True(feedback.TryGetFirEntry(i, out var ssrc, out var sequence));
            list.Add((ssrc, sequence));
        }

        firs = [.. list];
        return feedback.Kind;
    }

    [Fact]
    public void TryRead_GenericNack_ExpandsPidAndBitmask()
    {
        // RFC 4585 §6.2.1: BLP bit i reports PID + i + 1 lost.
        var kind = ReadOne(Nack(0x1234, 65534, 0b1000_0000_0000_0101), out var nacks, out _);

        Assert.Equal(RtcpFeedbackKind.GenericNack, kind);
        Assert.Equal(new ushort[] { 65534, 65535, 1, 14 }, nacks);
    }

    [Fact]
    public void TryRead_Pli_NoFci()
    {
        Assert.Equal(RtcpFeedbackKind.PictureLossIndication, ReadOne(Pli(0x1234), out _, out _));
    }

    [Fact]
    public void TryRead_Fir_ReadsEntries()
    {
        Assert.Equal(RtcpFeedbackKind.FullIntraRequest, ReadOne(Fir(0x1234, 7), out _, out var firs));
        Assert.Equal([(0x1234u, (byte)7)], firs);
    }

    [Fact]
    public void TryRead_PliWithFciOrUnknownFormat_Refused()
    {
        Assert.Null(ReadOne(Feedback(RtcpPacketType.PayloadFeedback, 1, 1, 2, [0, 0, 0, 0]), out _, out _));
        Assert.Null(ReadOne(Feedback(RtcpPacketType.TransportFeedback, 15, 1, 2, [0, 0, 0, 0]), out _, out _));
        Assert.Null(ReadOne(Feedback(RtcpPacketType.TransportFeedback, 1, 1, 2, []), out _, out _));
        Assert.Null(ReadOne(Feedback(RtcpPacketType.PayloadFeedback, 4, 1, 2, [0, 0, 0, 0]), out _, out _));
    }

    [Fact]
    public void CopyNackSequences_SmallDestination_CutsOff()
    {
        var reader = new RtcpCompoundReader(Nack(1, 100, 0xFFFF));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(RtcpFeedback.TryRead(packet, out var feedback));

        Span<ushort> three = stackalloc ushort[3];
        Assert.Equal(3, feedback.CopyNackSequences(three));
        Assert.Equal(102, three[2]);
    }

    [Fact]
    public void SenderReportWriter_RoundTripsThroughCompoundReader()
    {
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(500);
        var ntp = RtcpSenderReportWriter.ToNtpTimestamp(time);
        var buffer = new byte[RtcpSenderReportWriter.GetSize(5)];

        Assert.True(RtcpSenderReportWriter.TryWrite(buffer, 0x01020304, ntp, 90_000, 10, 12_000, "cname"u8, out var written));

        Assert.Equal(buffer.Length, written);
        Assert.Equal(RtcpError.None, RtcpCompoundReader.Validate(buffer));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.Type);
        Assert.Equal(0x01020304u, sr.Ssrc);
        Assert.Equal(ntp, sr.SenderNtpTimestamp);
        Assert.Equal(90_000u, sr.SenderRtpTimestamp);
        Assert.Equal(10u, sr.SenderPacketCount);
        Assert.Equal(12_000u, sr.SenderOctetCount);
        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
    }

    [Fact]
    public void ToNtpTimestamp_KnownInstant_SecondsSince1900AndHalfFraction()
    {
        // 2026-01-01T00:00:00Z is 1_767_225_600 s after the Unix epoch; + 2_208_988_800 to 1900.
        var ntp = RtcpSenderReportWriter.ToNtpTimestamp(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(500));

        Assert.Equal(1_767_225_600UL + 2_208_988_800UL, ntp >> 32);
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
    }

    [Fact]
    public void TryRead_ArbitraryBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(data =>
        {
            var reader = new RtcpCompoundReader(data);
            var buffer = new ushort[32];
            while (reader.TryReadNext(out var packet))
            {
                if (RtcpFeedback.TryRead(packet, out var feedback))
                {
                    feedback.CopyNackSequences(buffer);
                    for (var i = 0; i <= feedback.FirEntryCount; i++)
                    {
                        feedback.TryGetFirEntry(i, out _, out _);
                    }
                }
            }
        });
    }
}
