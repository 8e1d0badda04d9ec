namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// Demultiplexes STUN, DTLS and SRTP/SRTCP sharing one port by the first byte (RFC 7983 §7):
/// [0..3] STUN, [16..19] ZRTP, [20..63] DTLS, [64..79] TURN channel, [128..191] RTP/RTCP. Only
/// the three WebRTC uses are accepted; everything else is <see cref="TransportPacketKind.Unknown"/>.
/// </summary>
internal static class TransportPacketClassifier
{
    public static TransportPacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return TransportPacketKind.Unknown;
        }

        return packet[0] switch
        {
            <= 3 => TransportPacketKind.Stun,
            >= 20 and <= 63 => TransportPacketKind.Dtls,
            >= 128 and <= 191 => TransportPacketKind.Rtp,
            _ => TransportPacketKind.Unknown,
        };
    }
}
