using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// A read-only view of the common header every RTCP packet starts with (RFC 3550 §6.4.1: V, P,
/// count, packet type, length) over the caller's buffer. It checks only what the header itself
/// says; whether the declared length fits is the reader's business (<see cref="RtcpCompoundReader"/>),
/// because SRTCP reads this header in front of an encrypted body (RFC 3711 §3.4;
/// docs/media-transport.md, "SRTP and SRTCP").
/// </summary>
internal readonly ref struct RtcpHeader
{
    public const int Size = 4;

    /// <summary>The header and the SSRC that follows it: what SRTCP leaves in the clear (RFC 3711 §3.4).</summary>
    public const int SizeWithSsrc = Size + 4;

    /// <summary>From the header's first octet to the end of the caller's buffer.</summary>
    private readonly ReadOnlySpan<byte> _data;

    private RtcpHeader(ReadOnlySpan<byte> data) => _data = data;

    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>The 5-bit count field: report blocks (SR/RR), chunks (SDES), sources (BYE), subtype (APP, feedback).</summary>
    public int Count => _data[0] & 0x1F;

    public byte Type => _data[1];

    /// <summary>The packet's length as the header declares it, in bytes, header included (32-bit words minus one on the wire).</summary>
    public int DeclaredLength => (BinaryPrimitives.ReadUInt16BigEndian(_data[2..]) + 1) * 4;

    /// <summary>
    /// The SSRC right after the header: the sender's in SR, RR, APP and feedback packets
    /// (RFC 3550 §6.4, RFC 4585 §6.1); false when the buffer ends before it.
    /// </summary>
    public bool TryGetSsrc(out uint ssrc)
    {
        if (_data.Length < SizeWithSsrc)
        {
            ssrc = 0;
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(_data[Size..]);
        return true;
    }

    /// <summary>Reads the header at the start of <paramref name="data"/>: at least 4 bytes and version 2.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header, out RtcpError error)
    {
        header = default;
        if (data.Length < Size)
        {
            error = RtcpError.TooShort;
            return false;
        }

        if (data[0] >> 6 != 2)
        {
            error = RtcpError.BadVersion;
            return false;
        }

        header = new RtcpHeader(data);
        error = RtcpError.None;
        return true;
    }
}
