namespace SecureStream.Media.Rtp;

/// <summary>
/// Counters of one track. Written by the track's receive loop, read by anyone (the hub, the
/// management API) through <see cref="Snapshot"/>; all updates are interlocked so reads never tear.
/// </summary>
internal sealed class RtpTrackCounters
{
    private static readonly int ReasonCount = Enum.GetValues<RtpDropReason>().Length;

    private readonly long[] _dropped = new long[ReasonCount];
    private long _packets;
    private long _bytes;
    private long _frames;
    private long _keyframes;
    private long _lost;
    private long _rtcpPackets;

    public void AddPacket(int bytes)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddFrame(bool keyframe)
    {
        Interlocked.Increment(ref _frames);
        if (keyframe)
        {
            Interlocked.Increment(ref _keyframes);
        }
    }

    public void AddRtcp() => Interlocked.Increment(ref _rtcpPackets);

    public void SetLost(long lost) => Interlocked.Exchange(ref _lost, lost);

    public void Drop(RtpDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    public long DroppedBy(RtpDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public RtpTrackCountersSnapshot Snapshot()
    {
        var dropped = new long[ReasonCount];
        for (var i = 0; i < dropped.Length; i++)
        {
            dropped[i] = Interlocked.Read(ref _dropped[i]);
        }

        return new RtpTrackCountersSnapshot(
            Interlocked.Read(ref _packets),
            Interlocked.Read(ref _bytes),
            Interlocked.Read(ref _frames),
            Interlocked.Read(ref _keyframes),
            Interlocked.Read(ref _lost),
            Interlocked.Read(ref _rtcpPackets),
            dropped);
    }
}
