using System.Buffers.Binary;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtcpTests
{
    [Fact]
    public void Reader_SenderReportAndSdes_ReadsFields()
    {
        byte[] data = [.. SenderReport(0x1234, 0x0102030405060708, 90000, blocks: 1), .. Sdes(0x1234, "cam")];

        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.Type);
        Assert.Equal(0x1234u, sr.Ssrc);
        Assert.Equal(0x0102030405060708ul, sr.SenderNtpTimestamp);
        Assert.Equal(90000u, sr.SenderRtpTimestamp);
        Assert.Equal(1, sr.Count);
        Assert.Equal(-2, sr.ReportBlock(0).CumulativeLost);
        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpError.None, reader.Error);
    }

    public static TheoryData<string, byte[], int> Malformed => new()
    {
        { "empty", [], (int)RtcpError.Empty },
        { "three bytes", [0x80, 201, 0], (int)RtcpError.TooShort },
        { "version 1", [0x40, 201, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadVersion },
        { "length past end", [0x80, 201, 0, 9, 0, 0, 0, 1], (int)RtcpError.LengthPastEnd },
        { "RR count past length", [0x81, 201, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadReceiverReport },
        { "SR too short", [0x80, 200, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadSenderReport },
        { "padding not last", [.. Padded(0x80, 201, 0, 1, 0, 0, 0, 4), 0x80, 201, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadPadding },
        { "padding zero", [0xA0, 201, 0, 1, 0, 0, 0, 0], (int)RtcpError.BadPadding },
        { "BYE count past length", [0x83, 203, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadGoodbye },
        { "BYE reason past end", [0x81, 203, 0, 2, 0, 0, 0, 1, 9, 65, 66, 67], (int)RtcpError.BadGoodbye },
        { "SDES item past end", [0x81, 202, 0, 2, 0, 0, 0, 1, 1, 200, 65, 0], (int)RtcpError.BadSourceDescription },
        { "SDES missing terminator", [0x81, 202, 0, 2, 0, 0, 0, 1, 1, 2, 65, 66], (int)RtcpError.BadSourceDescription },
        { "APP too short", [0x80, 204, 0, 1, 0, 0, 0, 1], (int)RtcpError.BadApplication },
        { "good then garbage", [0x80, 201, 0, 1, 0, 0, 0, 1, 0xFF], (int)RtcpError.TooShort },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Validate_Malformed_Refused(string name, byte[] data, int expected) =>
        Assert.True(expected == (int)RtcpCompoundReader.Validate(data), name);

    [Fact]
    public void Header_TryRead_ReadsFieldsWithoutCheckingTheDeclaredLength()
    {
        // SRTCP reads this header in front of an encrypted body, whose length the header may not match.
        byte[] data = [0xA2, 201, 0, 9, 0xCA, 0xFE, 0xBA, 0xBE];

        Assert.True(RtcpHeader.TryRead(data, out var header, out var error));
        Assert.Equal(RtcpError.None, error);
        Assert.True(header.HasPadding);
        Assert.Equal(2, header.Count);
        Assert.Equal(RtcpPacketType.ReceiverReport, header.Type);
        Assert.Equal(40, header.DeclaredLength);
        Assert.True(header.TryGetSsrc(out var ssrc));
        Assert.Equal(0xCAFEBABEu, ssrc);
        Assert.True(RtcpHeader.TryRead(data.AsSpan(0, 7), out var cut, out _));
        Assert.False(cut.TryGetSsrc(out _));
        Assert.False(RtcpHeader.TryRead(data.AsSpan(0, 3), out _, out error));
        Assert.Equal(RtcpError.TooShort, error);
        Assert.False(RtcpHeader.TryRead([0x40, 201, 0, 1], out _, out error));
        Assert.Equal(RtcpError.BadVersion, error);
    }

    [Fact]
    public void Validate_ByeWithReasonAndApp_Accepted()
    {
        byte[] data = [0x80, 201, 0, 1, 0, 0, 0, 1, 0x81, 203, 0, 2, 0, 0, 0, 1, 2, 65, 66, 0, 0x80, 204, 0, 2, 0, 0, 0, 1, 65, 66, 67, 68];
        Assert.Equal(RtcpError.None, RtcpCompoundReader.Validate(data));
    }

    [Fact]
    public void ReceiverReportWriter_RoundTripsThroughReader()
    {
        var buffer = new byte[256];
        var block = new RtcpReportBlock(0xCAFE, 12, -5, 70000, 33, 0x11112222, 65536);
        Assert.True(RtcpReceiverReportWriter.TryWrite(buffer, 0xAAAA, [block], "securestream"u8, out var written));

        Assert.Equal(RtcpReceiverReportWriter.GetSize(1, 12), written);
        Assert.Equal(0, written % 4);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.Type);
        Assert.Equal(0xAAAAu, rr.Ssrc);
        Assert.Equal(block, rr.ReportBlock(0));
        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
        Assert.Equal("securestream"u8.ToArray(), sdes.Body.Slice(6, 12).ToArray());
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpError.None, reader.Error);
    }

    [Fact]
    public void ReceiverReportWriter_TooSmall_False() =>
        Assert.False(RtcpReceiverReportWriter.TryWrite(new byte[19], 1, [], "x"u8, out _));

    internal static byte[] SenderReport(uint ssrc, ulong ntp, uint rtp, int blocks = 0)
    {
        var data = new byte[28 + (blocks * 24)];
        data[0] = (byte)(0x80 | blocks);
        data[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)((data.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), ntp);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(16), rtp);
        for (var i = 0; i < blocks; i++)
        {
            var block = data.AsSpan(28 + (i * 24));
            block[5] = 0xFF;
            block[6] = 0xFF;
            block[7] = 0xFE;
        }

        return data;
    }

    internal static byte[] Bye(uint ssrc) => [0x81, 203, 0, 1, (byte)(ssrc >> 24), (byte)(ssrc >> 16), (byte)(ssrc >> 8), (byte)ssrc];

    private static byte[] Sdes(uint ssrc, string cname)
    {
        var chunk = 4 + ((2 + cname.Length + 1 + 3) & ~3);
        var data = new byte[4 + chunk];
        data[0] = 0x81;
        data[1] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)((data.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), ssrc);
        data[8] = 1;
        data[9] = (byte)cname.Length;
        System.Text.Encoding.ASCII.GetBytes(cname).CopyTo(data, 10);
        return data;
    }

    private static byte[] Padded(params byte[] head)
    {
        // An RR whose header claims padding, followed by 4 padding bytes ending in the count.
        byte[] packet = [.. head, 0, 0, 0, 4];
        packet[0] |= 0x20;
        packet[3] = 2;
        return packet;
    }
}
