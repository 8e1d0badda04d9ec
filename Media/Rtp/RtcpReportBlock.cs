namespace SecureStream.Media.Rtp;

/// <summary>One reception report block (RFC 3550 §6.4.1), 24 bytes on the wire.</summary>
/// <param name="FractionLost">Lost since the previous report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Signed 24-bit.</param>
/// <param name="LastSenderReport">Middle 32 bits of the last SR's NTP timestamp; 0 when none arrived.</param>
/// <param name="DelaySinceLastSenderReport">In units of 1/65536 s; 0 when no SR arrived.</param>
internal readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;
}
