namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>One track of one viewer: its writer and the shared packetizer whose packets it sends.</summary>
internal sealed record ViewerTrack(ViewerRtpWriter Writer, OutboundTrackPacketizer Packetizer);
