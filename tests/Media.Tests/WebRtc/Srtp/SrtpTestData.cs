using System.Buffers.Binary;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

/// <summary>Packets, keys and paired contexts (gateway = DTLS server, browser = DTLS client) for the SRTP tests.</summary>
internal static class SrtpTestData
{
    public const uint VideoSsrc = 0x1234_5678;

    public static readonly SrtpProtectionProfile[] Profiles =
        [SrtpProtectionProfile.AesCm128HmacSha1Tag80, SrtpProtectionProfile.AeadAes128Gcm];

    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>Deterministic exporter output of the right length for <paramref name="profile"/>.</summary>
    public static byte[] Exporter(SrtpProtectionProfile profile, byte seed = 1)
    {
        var bytes = new byte[SrtpProfileParameters.ExporterLength(profile)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 31) + seed);
        }

        return bytes;
    }

    /// <summary>The gateway's context and the browser's, over the same DTLS exporter output.</summary>
    public static (SrtpContext Gateway, SrtpContext Browser) Pair(SrtpProtectionProfile profile)
    {
        var exported = Exporter(profile);
        return (
            SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Server)),
            SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Client)));
    }

    public static byte[] RtpPacketBytes(ushort sequence, int payloadLength = 100, uint ssrc = VideoSsrc, int csrcCount = 0, int extensionWords = -1)
    {
        var extensionLength = extensionWords >= 0 ? 4 + (extensionWords * 4) : 0;
        var headerLength = 12 + (csrcCount * 4) + extensionLength;
        var packet = new byte[headerLength + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 12; i < headerLength; i++)
        {
            packet[i] = (byte)(0xC0 + i);
        }

        if (extensionWords >= 0)
        {
            var at = 12 + (csrcCount * 4);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        for (var i = headerLength; i < packet.Length; i++)
        {
            packet[i] = (byte)(i ^ sequence);
        }

        return packet;
    }

    /// <summary>A receiver report (RFC 3550 §6.4.2) with one report block, from <paramref name="ssrc"/>.</summary>
    public static byte[] ReceiverReport(uint ssrc = 0xAABB_CCDD)
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), VideoSsrc);
        for (var i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }

    public static byte[] Protect(SrtpContext context, byte[] rtp)
    {
        var output = new byte[rtp.Length + context.RtpOverhead];
        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(rtp, output, out var written));
        return output[..written];
    }

    public static byte[] ProtectRtcp(SrtpContext context, byte[] rtcp)
    {
        var output = new byte[rtcp.Length + context.RtcpOverhead];
        Assert.Equal(SrtpResult.Ok, context.ProtectRtcp(rtcp, output, out var written));
        return output[..written];
    }

    public static SrtpResult Unprotect(SrtpContext context, byte[] srtp, out byte[] rtp)
    {
        var output = new byte[srtp.Length];
        var result = context.UnprotectRtp(srtp, output, out var written);
        rtp = output[..written];
        return result;
    }

    public static SrtpResult UnprotectRtcp(SrtpContext context, byte[] srtcp, out byte[] rtcp)
    {
        var output = new byte[srtcp.Length];
        var result = context.UnprotectRtcp(srtcp, output, out var written);
        rtcp = output[..written];
        return result;
    }
}
