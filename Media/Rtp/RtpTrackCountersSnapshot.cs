namespace SecureStream.Media.Rtp;

/// <summary>A point-in-time copy of <see cref="RtpTrackCounters"/>.</summary>
/// <param name="Lost">Cumulative packets lost by sequence numbers (RFC 3550 §6.4.1); may be negative after duplicates.</param>
/// <param name="Dropped">Drops indexed by <see cref="RtpDropReason"/>.</param>
internal sealed record RtpTrackCountersSnapshot(
    long Packets,
    long Bytes,
    long Frames,
    long Keyframes,
    long Lost,
    long RtcpPackets,
    IReadOnlyList<long> Dropped)
{
    public long DroppedBy(RtpDropReason reason) => Dropped[(int)reason];

    public long DroppedTotal => Dropped.Sum();
}
