namespace SecureStream.Media.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1); others (XR) are skipped as opaque.</summary>
internal static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte Application = 204;

    /// <summary>Transport layer feedback, RTPFB (RFC 4585 §6.1): FMT 1 is the generic NACK.</summary>
    public const byte TransportFeedback = 205;

    /// <summary>Payload-specific feedback, PSFB (RFC 4585 §6.1): FMT 1 is PLI, FMT 4 is FIR (RFC 5104 §4.3.1).</summary>
    public const byte PayloadFeedback = 206;
}
