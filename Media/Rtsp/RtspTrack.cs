using SecureStream.Media.Sdp;

namespace SecureStream.Media.Rtsp;

/// <summary>A track the session set up and plays: what the SDP said and where it is controlled.</summary>
/// <param name="Index">The index RTP for this track is delivered with (0, 1, …), dense over set-up tracks.</param>
internal sealed record RtspTrack(int Index, SdpTrack Sdp, Uri ControlUrl);
