namespace SecureStream.Media.Rtp;

/// <summary>
/// A read-only view of one RTP packet (RFC 3550 §5.1) over the caller's buffer; nothing is copied:
/// the <see cref="RtpHeader"/>, then the payload and the padding. Only
/// <see cref="TryRead(ReadOnlySpan{byte}, out RtpPacket, out RtpPacketError)"/> makes one, and it
/// checks every length first, so <see cref="Payload"/>, <see cref="ExtensionData"/> and the CSRC
/// list always lie inside the packet (padding excluded from the payload).
/// </summary>
internal readonly ref struct RtpPacket
{
    private readonly RtpHeader _header;

    private RtpPacket(RtpHeader header, ReadOnlySpan<byte> payload, int paddingLength, int length)
    {
        _header = header;
        Payload = payload;
        PaddingLength = paddingLength;
        Length = length;
    }

    public bool Marker => _header.Marker;

    public byte PayloadType => _header.PayloadType;

    public ushort SequenceNumber => _header.SequenceNumber;

    public uint Timestamp => _header.Timestamp;

    public uint Ssrc => _header.Ssrc;

    public bool HasExtension => _header.HasExtension;

    /// <summary>The 16-bit "defined by profile" field of the header extension (RFC 3550 §5.3.1), 0 without one.</summary>
    public ushort ExtensionProfile => _header.ExtensionProfile;

    /// <summary>The header extension's words, without its 4-byte header; empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData => _header.ExtensionData;

    /// <summary>The payload, padding removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Bytes of padding (including the count octet), 0 when the P bit is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>Whole packet length in bytes.</summary>
    public int Length { get; }

    public int CsrcCount => _header.CsrcCount;

    public uint GetCsrc(int index) => _header.GetCsrc(index);

    public static bool TryRead(ReadOnlySpan<byte> data, out RtpPacket packet) => TryRead(data, out packet, out _);

    /// <summary>Reads header and payload of <paramref name="data"/>; false (and a reason) when any length does not add up.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpPacketError error)
    {
        packet = default;
        if (!RtpHeader.TryRead(data, out var header, out error))
        {
            return false;
        }

        // RFC 3550 §5.1 (P): the last octet counts the padding octets, itself included.
        var padding = 0;
        if (header.HasPadding)
        {
            padding = data[^1];
            if (padding == 0 || padding > data.Length - header.Length)
            {
                error = RtpPacketError.BadPadding;
                return false;
            }
        }

        packet = new RtpPacket(header, data[header.Length..^padding], padding, data.Length);
        return true;
    }
}
