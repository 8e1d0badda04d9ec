using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>A camera track the viewer does not get, and why (<see cref="BrowserSdpFailure.NoCommonCodec"/>, a transcoding code).</summary>
internal sealed record LeftOutTrack(TrackDescription Track, string Reason);
