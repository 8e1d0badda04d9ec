using System.Buffers.Binary;
using System.Net;
using System.Text;
using CsCheck;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(StunVectors.Password);

    [Fact]
    public void Crc32_CheckValue_Matches()
    {
        Assert.Equal(0xCBF43926u, StunCrc32.Compute("123456789"u8));
    }

    [Fact]
    public void TryRead_Rfc5769SampleRequest_VerifiesAndReadsAttributes()
    {
        var data = StunVectors.SampleRequest;

        Assert.True(StunMessage.TryRead(data, out var message, out var error));
        Assert.Equal(StunParseError.None, error);
        Assert.True(message.IsBindingRequest);
        Assert.Equal(Convert.FromHexString("b7e7a701bc34d686fa87dfae"), message.TransactionId.ToArray());
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
    }

    [Fact]
    public void TryRead_Rfc5769IPv4Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryRead(StunVectors.SampleIPv4Response, out var message, out _));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal((ushort)StunMethod.Binding, message.MethodValue);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
    }

    [Fact]
    public void TryRead_Rfc5769IPv6Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryRead(StunVectors.SampleIPv6Response, out var message, out _));

        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
    }

    [Fact]
    public void VerifyMessageIntegrity_WrongPassword_False()
    {
        Assert.True(StunMessage.TryRead(StunVectors.SampleRequest, out var message, out _));

        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8));
    }

    [Theory]
    [InlineData(30)] // inside SOFTWARE (covered by both checks)
    [InlineData(60)] // inside USERNAME
    public void Verify_FlippedBodyByte_BothFail(int index)
    {
        var data = StunVectors.SampleRequest;
        data[index] ^= 0x01;

        Assert.True(StunMessage.TryRead(data, out var message, out _));
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void VerifyFingerprint_FlippedFingerprint_FalseButIntegrityHolds()
    {
        var data = StunVectors.SampleRequest;
        data[^1] ^= 0x80;

        Assert.True(StunMessage.TryRead(data, out var message, out _));
        Assert.False(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Writer_RequestWithAllIceAttributes_RoundTrips()
    {
        var transactionId = Convert.FromHexString("0102030405060708090a0b0c");
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, transactionId);
        writer.AddUsername("abcd:efgh");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryRead(writer.Written, out var message, out _));
        Assert.True(message.IsBindingRequest);
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("abcd:efgh", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlling(out var tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(message.HasUseCandidate);
    }

    [Theory]
    [InlineData("192.0.2.1", 32853)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    [InlineData("::ffff:10.1.2.3", 1)]
    public void Writer_XorMappedAddress_MatchesReader(string address, int port)
    {
        var transactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, transactionId);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), port));
        writer.AddErrorCode(487, "Role Conflict");

        Assert.True(StunMessage.TryRead(writer.Written, out var message, out _));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        var expected = IPAddress.Parse(address);
        Assert.Equal(new IPEndPoint(expected.IsIPv4MappedToIPv6 ? expected.MapToIPv4() : expected, port), mapped);
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
    }

    [Fact]
    public void Writer_Rfc5769IPv4XorMappedAddress_SameBytesAsVector()
    {
        var vector = StunVectors.SampleIPv4Response;
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, vector.AsSpan(8, 12));
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

        // The vector's XOR-MAPPED-ADDRESS attribute starts after the header and SOFTWARE (4 + 12).
        Assert.Equal(vector.AsSpan(36, 12).ToArray(), writer.Written[20..].ToArray());
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "empty", [], nameof(StunParseError.TooShort) },
        { "truncated header", StunVectors.SampleRequest[..19], nameof(StunParseError.TooShort) },
        { "first bits set (RTP-looking)", WithByte(StunVectors.SampleRequest, 0, 0x80), nameof(StunParseError.NotStun) },
        { "bad cookie", WithByte(StunVectors.SampleRequest, 4, 0x22), nameof(StunParseError.BadMagicCookie) },
        { "length not multiple of 4", WithLength(StunVectors.SampleRequest, 0x0057), nameof(StunParseError.LengthMismatch) },
        { "length past the datagram", WithLength(StunVectors.SampleRequest, 0x005C), nameof(StunParseError.LengthMismatch) },
        { "datagram longer than length", [.. StunVectors.SampleRequest, 0, 0, 0, 0], nameof(StunParseError.LengthMismatch) },
        { "truncated body", Truncated(StunVectors.SampleRequest, 8), nameof(StunParseError.LengthMismatch) },
        { "attribute length past the packet", AttributeLength(StunVectors.SampleRequest, 20, 0x0100), nameof(StunParseError.AttributePastEnd) },
        { "attribute length one past the packet", AttributeLength(HeaderWithAttribute(0x8022, 4, 4), 20, 5), nameof(StunParseError.AttributePastEnd) },
        { "padding past the packet", HeaderWithBody([0x80, 0x22, 0x00, 0x00, 0x80, 0x22, 0x00, 0x06, 1, 2, 3, 4]), nameof(StunParseError.AttributePastEnd) },
        { "integrity 19 bytes", HeaderWithAttribute(0x0008, 19, 20), nameof(StunParseError.BadAttributeLength) },
        { "fingerprint 8 bytes", HeaderWithAttribute(0x8028, 8, 8), nameof(StunParseError.BadAttributeLength) },
        { "fingerprint not last", HeaderWithBody([0x80, 0x28, 0, 4, 0, 0, 0, 0, 0x80, 0x22, 0, 0]), nameof(StunParseError.FingerprintNotLast) },
        { "username after integrity", AttributeAfterIntegrity(), nameof(StunParseError.AttributeAfterIntegrity) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_Malformed_Invalid(string name, byte[] data, string expected)
    {
        Assert.False(StunMessage.TryRead(data, out _, out var error), name);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void TryGetAttribute_AttributeWithBadLength_NotReturned()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, new byte[12]);
        writer.AddAttribute(StunAttributeType.Priority, [1, 2, 3]);
        writer.AddAttribute(StunAttributeType.UseCandidate, [1]);
        writer.AddAttribute(StunAttributeType.IceControlling, [1, 2, 3, 4]);
        writer.AddAttribute(StunAttributeType.XorMappedAddress, [0, 1, 0, 0, 1, 2, 3, 4, 5]);

        Assert.True(StunMessage.TryRead(writer.Written, out var message, out _));
        Assert.False(message.TryGetPriority(out _));
        Assert.False(message.HasUseCandidate);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.TryGetXorMappedAddress(out _));
        Assert.False(message.TryGetUsername(out _));
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity(Key));
    }

    [Theory]
    [InlineData(new byte[] { 0 }, nameof(TransportPacketKind.Stun))]
    [InlineData(new byte[] { 3 }, nameof(TransportPacketKind.Stun))]
    [InlineData(new byte[] { 4 }, nameof(TransportPacketKind.Unknown))]
    [InlineData(new byte[] { 19 }, nameof(TransportPacketKind.Unknown))]
    [InlineData(new byte[] { 20 }, nameof(TransportPacketKind.Dtls))]
    [InlineData(new byte[] { 22 }, nameof(TransportPacketKind.Dtls))]
    [InlineData(new byte[] { 63 }, nameof(TransportPacketKind.Dtls))]
    [InlineData(new byte[] { 64 }, nameof(TransportPacketKind.Unknown))]
    [InlineData(new byte[] { 127 }, nameof(TransportPacketKind.Unknown))]
    [InlineData(new byte[] { 128 }, nameof(TransportPacketKind.Rtp))]
    [InlineData(new byte[] { 191 }, nameof(TransportPacketKind.Rtp))]
    [InlineData(new byte[] { 192 }, nameof(TransportPacketKind.Unknown))]
    [InlineData(new byte[0], nameof(TransportPacketKind.Unknown))]
    public void Classify_FirstByte_Rfc7983(byte[] packet, string expected)
    {
        Assert.Equal(expected, TransportPacketClassifier.Classify(packet).ToString());
    }

    [Fact]
    public void TryRead_ArbitraryBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(data => Exercise(data), iter: 20_000);
    }

    [Fact]
    public void TryRead_ArbitraryAttributesAfterValidHeader_NeverThrows()
    {
        // Random bodies behind a header whose length matches, so the attribute walk is exercised.
        Gen.Byte.Array[0, 30].Select(Gen.Byte).Select((body, b) =>
        {
            var length = body.Length & ~3;
            var data = new byte[20 + length];
            data[1] = b;
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)length);
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), StunMessage.MagicCookie);
            body.AsSpan(0, length).CopyTo(data.AsSpan(20));
            return data;
        }).Sample(data => Exercise(data), iter: 20_000);
    }

    private static void Exercise(byte[] data)
    {
        if (StunMessage.TryRead(data, out var message, out _))
        {
            _ = message.VerifyFingerprint();
            _ = message.VerifyMessageIntegrity(Key);
            _ = message.TryGetUsername(out _);
            _ = message.TryGetPriority(out _);
            _ = message.HasUseCandidate;
            _ = message.TryGetIceControlling(out _);
            _ = message.TryGetIceControlled(out _);
            _ = message.TryGetErrorCode(out _, out _);
            _ = message.TryGetXorMappedAddress(out _);
        }
    }

    private static byte[] WithByte(byte[] data, int index, byte value)
    {
        data[index] = value;
        return data;
    }

    private static byte[] WithLength(byte[] data, ushort length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), length);
        return data;
    }

    private static byte[] Truncated(byte[] data, int bytes) => data[..^bytes];

    private static byte[] AttributeLength(byte[] data, int offset, ushort length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset + 2), length);
        return data;
    }

    private static byte[] HeaderWithBody(byte[] body)
    {
        var data = new byte[20 + body.Length];
        data[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), StunMessage.MagicCookie);
        body.CopyTo(data, 20);
        return data;
    }

    private static byte[] HeaderWithAttribute(ushort type, ushort declaredLength, int actualLength)
    {
        var body = new byte[4 + ((actualLength + 3) & ~3)];
        BinaryPrimitives.WriteUInt16BigEndian(body, type);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), declaredLength);
        return HeaderWithBody(body);
    }

    private static byte[] AttributeAfterIntegrity()
    {
        var body = new byte[24 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(body, 0x0008);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 20);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(24), 0x0006);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(26), 4);
        return HeaderWithBody(body);
    }
}
