using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// A view of one RTCP packet inside a compound packet (RFC 3550 §6.4.1 common header). Made only by
/// <see cref="RtcpCompoundReader"/>, which has already checked the header, the length and the
/// structure of the known types, so the typed accessors below read inside <see cref="Body"/>.
/// </summary>
internal readonly ref struct RtcpPacket
{
    public RtcpPacket(byte type, int count, ReadOnlySpan<byte> body)
    {
        Type = type;
        Count = count;
        Body = body;
    }

    public byte Type { get; }

    /// <summary>The 5-bit count field: report blocks (SR/RR), chunks (SDES), sources (BYE), subtype (APP).</summary>
    public int Count { get; }

    /// <summary>Everything after the 4-byte header, padding removed.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>The first SSRC of SR, RR, APP (sender) and BYE (first source); 0 for empty bodies.</summary>
    public uint Ssrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>SR: the 64-bit NTP timestamp (RFC 3550 §6.4.1).</summary>
    public ulong SenderNtpTimestamp => Type == RtcpPacketType.SenderReport ? BinaryPrimitives.ReadUInt64BigEndian(Body[4..]) : 0;

    /// <summary>SR: the RTP timestamp matching the NTP timestamp.</summary>
    public uint SenderRtpTimestamp => Type == RtcpPacketType.SenderReport ? BinaryPrimitives.ReadUInt32BigEndian(Body[12..]) : 0;

    public uint SenderPacketCount => Type == RtcpPacketType.SenderReport ? BinaryPrimitives.ReadUInt32BigEndian(Body[16..]) : 0;

    public uint SenderOctetCount => Type == RtcpPacketType.SenderReport ? BinaryPrimitives.ReadUInt32BigEndian(Body[20..]) : 0;

    /// <summary>BYE: the <paramref name="index"/>th source (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public uint GoodbyeSource(int index) => BinaryPrimitives.ReadUInt32BigEndian(Body.Slice(index * 4, 4));

    /// <summary>SR/RR: the <paramref name="index"/>th reception report block.</summary>
    public RtcpReportBlock ReportBlock(int index)
    {
        var offset = (Type == RtcpPacketType.SenderReport ? 24 : 4) + (index * RtcpReportBlock.Size);
        var block = Body.Slice(offset, RtcpReportBlock.Size);
        var lost = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((lost & 0x800000) != 0)
        {
            lost -= 0x1000000;
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }
}
