using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtpReceptionStateTests
{
    private static byte[] Rtp(ushort sequence, uint ssrc = 0xAABBCCDD)
    {
        var packet = new byte[12];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        return packet;
    }

    [Fact]
    public void WriteReceiverReport_BeforeAnyPacket_WritesNothing() =>
        Assert.Equal(0, new RtpReceptionState(TimeProvider.System).WriteReceiverReport(1, new byte[32]));

    [Fact]
    public void WriteReceiverReport_AfterWrap_ReportsExtendedSequenceAndSenderReportDelay()
    {
        var time = new FakeTimeProvider();
        var state = new RtpReceptionState(time);
        state.OnRtp(Rtp(65534));
        state.OnRtp(Rtp(65535));
        state.OnRtp(Rtp(2));
        state.OnRtp(Rtp(1)); // late: does not move the highest back

        // RFC 3550 §6.4.1 sender report: NTP 0x11223344_55667788, so LSR = 0x33445566.
        var sr = new byte[28];
        sr[0] = 0x80;
        sr[1] = 200;
        BinaryPrimitives.WriteUInt64BigEndian(sr.AsSpan(8), 0x1122334455667788);
        state.OnRtcp(sr);
        time.Advance(TimeSpan.FromSeconds(2));

        var report = new byte[32];
        Assert.Equal(32, state.WriteReceiverReport(0x01020304, report));
        Assert.Equal(0x81, report[0]);
        Assert.Equal(201, report[1]);
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(report.AsSpan(2)));
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(4)));
        Assert.Equal(0xAABBCCDDu, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(8)));
        Assert.Equal(0x10002u, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(16)));
        Assert.Equal(0x33445566u, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(24)));
        Assert.Equal(2u * 65536, BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(28)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80, 96, 0, 1 })]
    [InlineData(new byte[] { 0x40, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })]
    public void OnRtp_NotRtp_Ignored(byte[] packet)
    {
        var state = new RtpReceptionState(TimeProvider.System);
        state.OnRtp(packet);
        state.OnRtcp(packet);
        Assert.Equal(0, state.WriteReceiverReport(1, new byte[32]));
    }
}
