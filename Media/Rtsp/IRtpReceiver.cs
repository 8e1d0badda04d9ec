namespace SecureStream.Media.Rtsp;

/// <summary>
/// Where an RTSP session delivers what the camera sends, per set-up track (index into
/// <see cref="RtspSession.Tracks"/>). Called from the session's receive loop: implementations must
/// not block, and the packet is only valid during the call (it is a slice of a reused buffer;
/// copy what must outlive it). Packets are not validated beyond their framing.
/// </summary>
internal interface IRtpReceiver
{
    void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet);

    void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet);

    /// <summary>
    /// Writes this track's RTCP receiver report (RFC 3550 §6.4.2) for the session to send to the
    /// camera; returns the length, 0 when there is nothing to report yet. Called on a timer, not
    /// the receive loop.
    /// </summary>
    int WriteReceiverReport(int trackIndex, uint reporterSsrc, Span<byte> destination);
}
