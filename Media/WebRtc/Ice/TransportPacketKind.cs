namespace SecureStream.Media.WebRtc.Ice;

/// <summary>What the first byte of a packet on the shared ICE port says it is (RFC 7983 §7).</summary>
internal enum TransportPacketKind
{
    /// <summary>Empty, or a first byte no protocol on this port uses (ZRTP, TURN channels, QUIC…): dropped.</summary>
    Unknown = 0,

    /// <summary>0–3: STUN.</summary>
    Stun,

    /// <summary>20–63: DTLS.</summary>
    Dtls,

    /// <summary>128–191: RTP or RTCP (told apart by the SRTP layer, RFC 5761 §4).</summary>
    Rtp,
}
