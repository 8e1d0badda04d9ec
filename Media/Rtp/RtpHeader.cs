using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// A read-only view of an RTP header (RFC 3550 §5.1, §5.3.1) — the fixed part, the CSRC list and the
/// header extension — over the caller's buffer; nothing is copied. It never reads past the header, so
/// SRTP uses it too: there the payload, and with it the padding count in the last octet, is
/// encrypted (RFC 3711 §3.1). <see cref="RtpPacket"/> adds the payload and the padding
/// (docs/media-transport.md, "RTP and RTCP").
/// </summary>
internal readonly ref struct RtpHeader
{
    /// <summary>The fixed header: V, P, X, CC, M, PT, sequence number, timestamp, SSRC.</summary>
    public const int FixedSize = 12;

    /// <summary>The header, from its first octet to the end of the extension.</summary>
    private readonly ReadOnlySpan<byte> _header;

    private RtpHeader(ReadOnlySpan<byte> header) => _header = header;

    /// <summary>Header length in bytes: fixed part, CSRC list and header extension.</summary>
    public int Length => _header.Length;

    public bool HasPadding => (_header[0] & 0x20) != 0;

    public bool HasExtension => (_header[0] & 0x10) != 0;

    public int CsrcCount => _header[0] & 0x0F;

    public bool Marker => (_header[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_header[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_header[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_header[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_header[8..]);

    /// <summary>The 16-bit "defined by profile" field of the header extension (RFC 3550 §5.3.1), 0 without one.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_header[ExtensionOffset..]) : (ushort)0;

    /// <summary>The header extension's words, without its 4-byte header; empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData => HasExtension ? _header[(ExtensionOffset + 4)..] : default;

    private int ExtensionOffset => FixedSize + (CsrcCount * 4);

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_header.Slice(FixedSize + (index * 4), 4));

    /// <summary>Reads the header at the start of <paramref name="data"/>; false (and a reason) when a length does not add up.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtpHeader header, out RtpPacketError error)
    {
        header = default;
        if (data.Length < FixedSize)
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

        var length = FixedSize + ((data[0] & 0x0F) * 4);
        if (data.Length < length)
        {
            error = RtpPacketError.CsrcPastEnd;
            return false;
        }

        // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the words.
        if ((data[0] & 0x10) != 0)
        {
            if (data.Length - length < 4)
            {
                error = RtpPacketError.ExtensionPastEnd;
                return false;
            }

            var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(data[(length + 2)..]) * 4;
            length += 4;
            if (data.Length - length < extensionLength)
            {
                error = RtpPacketError.ExtensionPastEnd;
                return false;
            }

            length += extensionLength;
        }

        header = new RtpHeader(data[..length]);
        error = RtpPacketError.None;
        return true;
    }
}
