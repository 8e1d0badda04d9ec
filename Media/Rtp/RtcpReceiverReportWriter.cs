using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// Writes the compound packet a receiver sends to a camera: a Receiver Report (RFC 3550 §6.4.2)
/// followed by an SDES packet with the CNAME (§6.1: every compound packet carries one).
/// </summary>
internal static class RtcpReceiverReportWriter
{
    public const int MaxReportBlocks = 31;
    public const int MaxCnameLength = 255;

    public static int GetSize(int blocks, int cnameLength) =>
        8 + (blocks * RtcpReportBlock.Size) + (8 + ((cnameLength + 2 + 1 + 3) & ~3));

    /// <summary>False when <paramref name="destination"/> is too small or the inputs exceed the format's limits.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpReportBlock> blocks, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        if (blocks.Length > MaxReportBlocks || cname.Length > MaxCnameLength)
        {
            return false;
        }

        var size = GetSize(blocks.Length, cname.Length);
        if (destination.Length < size)
        {
            return false;
        }

        var rr = destination;
        var rrLength = 8 + (blocks.Length * RtcpReportBlock.Size);
        rr[0] = (byte)(0x80 | blocks.Length);
        rr[1] = RtcpPacketType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(rr[2..], (ushort)((rrLength / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(rr[4..], senderSsrc);
        var offset = 8;
        foreach (var block in blocks)
        {
            var b = rr.Slice(offset, RtcpReportBlock.Size);
            BinaryPrimitives.WriteUInt32BigEndian(b, block.Ssrc);
            var lost = block.CumulativeLost & 0xFFFFFF;
            b[4] = block.FractionLost;
            b[5] = (byte)(lost >> 16);
            b[6] = (byte)(lost >> 8);
            b[7] = (byte)lost;
            BinaryPrimitives.WriteUInt32BigEndian(b[8..], block.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(b[12..], block.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(b[16..], block.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(b[20..], block.DelaySinceLastSenderReport);
            offset += RtcpReportBlock.Size;
        }

        // SDES: one chunk (our SSRC, CNAME item, null item, zero padding to a word boundary).
        var sdes = destination[offset..size];
        sdes.Clear();
        sdes[0] = 0x81;
        sdes[1] = RtcpPacketType.SourceDescription;
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], (ushort)((sdes.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], senderSsrc);
        sdes[8] = 1; // CNAME
        sdes[9] = (byte)cname.Length;
        cname.CopyTo(sdes[10..]);
        written = size;
        return true;
    }
}
