namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>Our offer for the OME WebSocket protocol: the SDP text and the track behind each media section.</summary>
/// <param name="Tracks">One per media section, in section order; <see cref="NegotiatedTrack.PayloadType"/> is ours.</param>
internal sealed record OmeOffer(string Sdp, IReadOnlyList<NegotiatedTrack> Tracks);
