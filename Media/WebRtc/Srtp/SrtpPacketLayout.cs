using System.Buffers.Binary;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The few header facts SRTP needs before any crypto: where the RTP header ends (RFC 3550 §5.1, §5.3.1)
/// and the RTCP sender SSRC (RFC 3550 §6.4). Every length is checked against the packet.
/// </summary>
internal static class SrtpPacketLayout
{
    /// <summary>Largest packet accepted: a UDP datagram's payload cannot be longer.</summary>
    public const int MaxPacketLength = 65535;

    public const int RtpFixedHeaderLength = 12;

    /// <summary>RTCP common header plus the sender SSRC: the part SRTCP leaves in the clear (RFC 3711 §3.4).</summary>
    public const int RtcpClearHeaderLength = 8;

    /// <summary>
    /// Header length including the CSRC list and the header extension (which SRTP authenticates but
    /// does not encrypt, RFC 3711 §3.1); false when the packet is shorter than its header claims.
    /// </summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength || packet.Length > MaxPacketLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = RtpFixedHeaderLength + ((packet[0] & 0x0F) * 4);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]) * 4);
        }

        if (packet.Length < length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    /// <summary>Version 2 and at least the 8 clear bytes (RFC 3550 §6.4.1, RFC 3711 §3.4).</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpClearHeaderLength && packet.Length <= MaxPacketLength && packet[0] >> 6 == 2;
}
