namespace SecureStream.Media.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1); others (feedback, XR) are skipped as opaque.</summary>
internal static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte Application = 204;
}
