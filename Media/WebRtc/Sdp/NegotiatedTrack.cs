using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// A track bound to a media section and a payload type: what the RTP sender stamps on its packets
/// and what the SDP writers describe.
/// </summary>
/// <param name="Track">What the viewer receives: the camera's track when passed through, else the transcoder's output (its own track id, <see cref="Transcoding.TranscodedTrackIds"/>).</param>
/// <param name="SectionIndex">Index of the media section (in the browser's offer, or in our OME offer).</param>
/// <param name="FormatParameters">The <c>a=fmtp</c> value we write; null for none.</param>
/// <param name="Feedback">The <c>a=rtcp-fb</c> values we write (and honour): NACK, PLI, FIR for video.</param>
internal sealed record NegotiatedTrack(
    TrackDescription Track,
    int SectionIndex,
    string Mid,
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int Channels,
    string? FormatParameters,
    IReadOnlyList<string> Feedback)
{
    /// <summary>The camera track the frames come from: <see cref="Track"/> itself unless transcoded.</summary>
    public TrackDescription Source { get; init; } = Track;

    /// <summary>Whether a transcoder makes <see cref="Track"/> from <see cref="Source"/>.</summary>
    public bool IsTranscoded => Source.TrackId != Track.TrackId;
}
