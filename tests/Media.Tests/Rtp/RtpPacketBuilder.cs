using System.Buffers.Binary;

namespace SecureStream.Media.Tests.Rtp;

/// <summary>Builds RTP packets byte by byte (RFC 3550 §5.1) for tests, including broken ones.</summary>
internal static class RtpPacketBuilder
{
    public static byte[] Build(
        ushort sequence,
        uint timestamp,
        ReadOnlySpan<byte> payload,
        bool marker = false,
        byte payloadType = 96,
        uint ssrc = 0x11223344,
        uint[]? csrcs = null,
        byte[]? extension = null,
        int padding = 0)
    {
        csrcs ??= [];
        var extensionLength = extension is null ? 0 : 4 + extension.Length;
        var packet = new byte[12 + (csrcs.Length * 4) + extensionLength + payload.Length + padding];
        packet[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (extension is null ? 0 : 0x10) | csrcs.Length);
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        var offset = 12;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset), csrc);
            offset += 4;
        }

        if (extension is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)(extension.Length / 4));
            extension.CopyTo(packet, offset + 4);
            offset += 4 + extension.Length;
        }

        payload.CopyTo(packet.AsSpan(offset));
        if (padding > 0)
        {
            packet[^1] = (byte)padding;
        }

        return packet;
    }
}
