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
}
