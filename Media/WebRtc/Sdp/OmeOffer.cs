namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>Our offer for the OME WebSocket protocol: the SDP text and the tracks behind each media section.</summary>
/// <param name="Tracks">
/// Every payload type offered, in section order and, within a section, in our order of
/// preference (the camera's own codec, then a transcoded one); <see cref="NegotiatedTrack.PayloadType"/> is ours.
/// </param>
internal sealed record OmeOffer(string Sdp, IReadOnlyList<NegotiatedTrack> Tracks);
