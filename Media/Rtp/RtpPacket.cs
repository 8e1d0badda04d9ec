using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// A read-only view of one RTP packet (RFC 3550 §5.1) over the caller's buffer; nothing is copied.
/// Only <see cref="TryRead(ReadOnlySpan{byte}, out RtpPacket, out RtpPacketError)"/> makes one, and
/// it checks every length first, so <see cref="Payload"/>, <see cref="ExtensionData"/> and the
/// CSRC list always lie inside the packet (padding excluded from the payload).
/// </summary>
internal readonly ref struct RtpPacket
{
    /// <summary>The fixed header (RFC 3550 §5.1): V, P, X, CC, M, PT, sequence number, timestamp, SSRC.</summary>
    public const int FixedHeaderSize = 12;

    private readonly ReadOnlySpan<byte> _csrcs;

    private RtpPacket(
        ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> csrcs,
        ReadOnlySpan<byte> extension,
        ReadOnlySpan<byte> payload,
        ushort extensionProfile,
        int paddingLength)
    {
        Marker = (data[1] & 0x80) != 0;
        PayloadType = (byte)(data[1] & 0x7F);
        SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        Timestamp = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        HasExtension = (data[0] & 0x10) != 0;
        _csrcs = csrcs;
        ExtensionData = extension;
        ExtensionProfile = extensionProfile;
        Payload = payload;
        PaddingLength = paddingLength;
        Length = data.Length;
    }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public bool HasExtension { get; }

    /// <summary>The 16-bit "defined by profile" field of the header extension (RFC 3550 §5.3.1), 0 without one.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>The header extension's words, without its 4-byte header; empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData { get; }

    /// <summary>The payload, padding removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Bytes of padding (including the count octet), 0 when the P bit is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>Whole packet length in bytes.</summary>
    public int Length { get; }

    public int CsrcCount => _csrcs.Length / 4;

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_csrcs.Slice(index * 4, 4));

    public static bool TryRead(ReadOnlySpan<byte> data, out RtpPacket packet) => TryRead(data, out packet, out _);

    /// <summary>Reads the header of <paramref name="data"/>; false (and a reason) when any length does not add up.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpPacketError error)
    {
        packet = default;
        if (data.Length < FixedHeaderSize)
        {
            error = RtpPacketError.TooShort;
            return false;
        }

        // RFC 3550 §5.1: V (2 bits) must be 2.
        if (data[0] >> 6 != 2)
        {
            error = RtpPacketError.BadVersion;
            return false;
        }

        var offset = FixedHeaderSize;
        var csrcLength = (data[0] & 0x0F) * 4;
        if (data.Length - offset < csrcLength)
        {
            error = RtpPacketError.CsrcPastEnd;
            return false;
        }

        var csrcs = data.Slice(offset, csrcLength);
        offset += csrcLength;

        // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the words.
        ReadOnlySpan<byte> extension = default;
        ushort profile = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (data.Length - offset < 4)
            {
                error = RtpPacketError.ExtensionPastEnd;
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) * 4;
            offset += 4;
            if (data.Length - offset < extensionLength)
            {
                error = RtpPacketError.ExtensionPastEnd;
                return false;
            }

            extension = data.Slice(offset, extensionLength);
            offset += extensionLength;
        }

        // RFC 3550 §5.1 (P): the last octet counts the padding octets, itself included.
        var padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data[^1];
            if (padding == 0 || padding > data.Length - offset)
            {
                error = RtpPacketError.BadPadding;
                return false;
            }
        }

        packet = new RtpPacket(data, csrcs, extension, data[offset..^padding], profile, padding);
        error = RtpPacketError.None;
        return true;
    }
}
