using System.Buffers.Binary;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// One RTP packet of the WebRTC output, in two parts that are never joined in memory:
/// <see cref="Header"/> (the 12-byte RTP header, then a fragmentation unit's prefix bytes if any)
/// and <see cref="Payload"/>, a slice of the frame's own bytes. A viewer's writer copies both into
/// its SRTP buffer, which it does anyway, so the frame's bytes exist once however long its
/// packets are kept (the kept GOP, the retransmission history): a packet costs its header, not a
/// second copy of the frame (docs/benchmarks/camera-memory.md, "One copy of a frame").
/// </summary>
internal readonly struct OutboundPacket
{
    public OutboundPacket(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    /// <summary>The RTP header (at least 12 bytes for a sendable packet) and any payload prefix.</summary>
    public ReadOnlyMemory<byte> Header { get; }

    /// <summary>The rest of the packet.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The whole packet's length.</summary>
    public int Length => Header.Length + Payload.Length;

    /// <summary>Whether the header holds a whole RTP header (a default packet does not).</summary>
    public bool HasRtpHeader => Header.Length >= OutboundTrackPacketizer.HeaderSize;

    /// <summary>The RTP sequence number; only when <see cref="HasRtpHeader"/>.</summary>
    public ushort Sequence => BinaryPrimitives.ReadUInt16BigEndian(Header.Span[2..]);

    /// <summary>The RTP timestamp; only when <see cref="HasRtpHeader"/>.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(Header.Span[4..]);

    /// <summary>A packet held whole in one buffer.</summary>
    public static OutboundPacket FromWhole(ReadOnlyMemory<byte> packet) => new(packet, default);

    /// <summary>Writes the whole packet into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public void CopyTo(Span<byte> destination)
    {
        Header.Span.CopyTo(destination);
        Payload.Span.CopyTo(destination[Header.Length..]);
    }

    /// <summary>The whole packet as one new array.</summary>
    public byte[] ToArray()
    {
        var packet = new byte[Length];
        CopyTo(packet);
        return packet;
    }

    public static implicit operator OutboundPacket(ReadOnlyMemory<byte> packet) => FromWhole(packet);

    public static implicit operator OutboundPacket(byte[] packet) => FromWhole(packet);
}
