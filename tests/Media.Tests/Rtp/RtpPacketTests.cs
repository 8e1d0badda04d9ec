using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void TryRead_PlainPacket_ReadsHeaderAndPayload()
    {
        var data = RtpPacketBuilder.Build(0xBEEF, 0xDEADBEEF, [1, 2, 3], marker: true, payloadType: 97, ssrc: 42);

        Assert.True(RtpPacket.TryRead(data, out var packet, out var error));
        Assert.Equal(RtpPacketError.None, error);
        Assert.True(packet.Marker);
        Assert.Equal(97, packet.PayloadType);
        Assert.Equal(0xBEEF, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(42u, packet.Ssrc);
        Assert.Equal([1, 2, 3], packet.Payload.ToArray());
        Assert.Equal(0, packet.CsrcCount);
    }

    [Fact]
    public void TryRead_CsrcsExtensionAndPadding_AllSkipped()
    {
        var data = RtpPacketBuilder.Build(1, 2, [9, 8], csrcs: [7, 8], extension: [1, 2, 3, 4], padding: 4);

        Assert.True(RtpPacket.TryRead(data, out var packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(8u, packet.GetCsrc(1));
        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal([1, 2, 3, 4], packet.ExtensionData.ToArray());
        Assert.Equal([9, 8], packet.Payload.ToArray());
        Assert.Equal(4, packet.PaddingLength);
    }

    public static TheoryData<string, byte[], int> Malformed => new()
    {
        { "empty", [], (int)RtpPacketError.TooShort },
        { "11 bytes", new byte[11], (int)RtpPacketError.TooShort },
        { "version 0", Mutate(p => p[0] = 0x00), (int)RtpPacketError.BadVersion },
        { "version 1", Mutate(p => p[0] = 0x40), (int)RtpPacketError.BadVersion },
        { "15 CSRCs in 14 bytes", Mutate(p => p[0] = 0x8F), (int)RtpPacketError.CsrcPastEnd },
        { "extension header cut", Mutate(p => p[0] = 0x90), (int)RtpPacketError.ExtensionPastEnd },
        { "extension length past end", [.. Header(0x90), 0xBE, 0xDE, 0xFF, 0xFF, 1, 2, 3, 4], (int)RtpPacketError.ExtensionPastEnd },
        { "padding zero", [.. Header(0xA0), 1, 2, 0], (int)RtpPacketError.BadPadding },
        { "padding past header", [.. Header(0xA0), 1, 2, 200], (int)RtpPacketError.BadPadding },
        { "padding with no payload room", [.. Header(0xAF), 1, 1], (int)RtpPacketError.CsrcPastEnd },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_Malformed_Refused(string name, byte[] data, int expected)
    {
        Assert.False(RtpPacket.TryRead(data, out _, out var error), name);
        Assert.Equal((RtpPacketError)expected, error);
    }

    [Fact]
    public void TryRead_PaddingEqualToPayload_EmptyPayload()
    {
        byte[] data = [.. Header(0xA0), 0, 0, 3];
        Assert.True(RtpPacket.TryRead(data, out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }

    [Fact]
    public void RtpHeader_TryRead_EndsAtExtension_PaddingLeftUnread()
    {
        // SRTP reads only the header: the payload and its padding count are encrypted there.
        var data = RtpPacketBuilder.Build(7, 9, [5, 6, 7], csrcs: [1], extension: [1, 2, 3, 4], padding: 2);
        data[^1] = 0;

        Assert.False(RtpPacket.TryRead(data, out _, out var packetError));
        Assert.Equal(RtpPacketError.BadPadding, packetError);
        Assert.True(RtpHeader.TryRead(data, out var header, out var error));
        Assert.Equal(RtpPacketError.None, error);
        Assert.Equal(12 + 4 + 4 + 4, header.Length);
        Assert.True(header.HasPadding);
        Assert.Equal(7, header.SequenceNumber);
        Assert.Equal(0x11223344u, header.Ssrc);
        Assert.Equal(1u, header.GetCsrc(0));
        Assert.Equal([1, 2, 3, 4], header.ExtensionData.ToArray());
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RtpHeader_TryRead_MalformedHeader_RefusedWithThePacketsReason(string name, byte[] data, int expected)
    {
        var headerRefused = !RtpHeader.TryRead(data, out _, out var error);

        // Padding is the payload's business; every other reason is the header's.
        Assert.Equal((RtpPacketError)expected != RtpPacketError.BadPadding, headerRefused);
        Assert.Equal((RtpPacketError)expected == RtpPacketError.BadPadding ? RtpPacketError.None : (RtpPacketError)expected, error);
        Assert.NotEmpty(name);
    }

    private static byte[] Header(byte first)
    {
        var header = RtpPacketBuilder.Build(1, 1, []);
        header[0] = first;
        return header;
    }

    private static byte[] Mutate(Action<byte[]> change)
    {
        var packet = RtpPacketBuilder.Build(1, 1, [1, 2]);
        change(packet);
        return packet;
    }
}
