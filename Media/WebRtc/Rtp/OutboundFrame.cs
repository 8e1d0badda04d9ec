namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// The RTP packets of one frame, made once per camera track by <see cref="OutboundTrackPacketizer"/>
/// and shared by every viewer. Immutable: the packets carry placeholder SSRC and payload type that
/// each <see cref="ViewerRtpWriter"/> patches in its own copy.
/// </summary>
/// <param name="RtpTimestamp">The output RTP timestamp of every packet of the frame.</param>
/// <param name="Packets">RTP packets (12-byte header, no CSRC, no extension), in sequence order; their payloads are slices of the frame's bytes.</param>
/// <param name="CapturedAt">When the source received the frame; with <paramref name="RtpTimestamp"/> it maps RTP time to wall-clock time for sender reports.</param>
internal sealed record OutboundFrame(
    uint RtpTimestamp,
    bool IsKeyframe,
    IReadOnlyList<OutboundPacket> Packets,
    DateTimeOffset CapturedAt);
