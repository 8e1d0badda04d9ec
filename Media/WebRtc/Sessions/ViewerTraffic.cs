namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// The traffic counters of viewer sessions, read from the counters their writers and RTCP
/// handlers keep anyway (<see cref="WebRtcSession.AddTrafficTo"/>): summed over live sessions at
/// scrape time and, for sessions that ended, kept as a running total.
/// </summary>
internal struct ViewerTraffic
{
    public long VideoPackets;
    public long AudioPackets;
    public long VideoBytes;
    public long AudioBytes;
    public long Retransmissions;
    public long NackedPackets;
    public long KeyframeRequests;
    public long DroppedQueueFull;
    public long DroppedAwaitingKeyframe;
    public long SkippedForKeyframe;
    public long VideoLost;
    public long AudioLost;
    public long SrtcpAuthenticationFailures;
    public long SrtcpReplays;
    public long SrtcpOtherFailures;
    public long ProtectFailures;

    public void Add(in ViewerTraffic other)
    {
        VideoPackets += other.VideoPackets;
        AudioPackets += other.AudioPackets;
        VideoBytes += other.VideoBytes;
        AudioBytes += other.AudioBytes;
        Retransmissions += other.Retransmissions;
        NackedPackets += other.NackedPackets;
        KeyframeRequests += other.KeyframeRequests;
        DroppedQueueFull += other.DroppedQueueFull;
        DroppedAwaitingKeyframe += other.DroppedAwaitingKeyframe;
        SkippedForKeyframe += other.SkippedForKeyframe;
        VideoLost += other.VideoLost;
        AudioLost += other.AudioLost;
        SrtcpAuthenticationFailures += other.SrtcpAuthenticationFailures;
        SrtcpReplays += other.SrtcpReplays;
        SrtcpOtherFailures += other.SrtcpOtherFailures;
        ProtectFailures += other.ProtectFailures;
    }
}
