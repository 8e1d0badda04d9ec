using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>One media section of a browser's description, as far as the gateway needs it.</summary>
/// <param name="Index">Position in the description; an answer keeps the same order (RFC 8829 §5.3.1).</param>
/// <param name="Media">The media type as written (<c>audio</c>, <c>video</c>, <c>application</c>…).</param>
/// <param name="Kind">Audio or video; null for anything else, which is always refused in an answer.</param>
/// <param name="Port">0 when the section is rejected (RFC 8866 §5.14).</param>
/// <param name="Direction">The browser's direction: <see cref="MediaDirection.RecvOnly"/> or <see cref="MediaDirection.SendRecv"/> lets it receive.</param>
internal sealed record BrowserMediaSection(
    int Index,
    string Mid,
    string Media,
    TrackKind? Kind,
    int Port,
    string Protocol,
    MediaDirection Direction,
    bool RtcpMux,
    IReadOnlyList<BrowserPayloadType> PayloadTypes)
{
    public bool IsRejected => Port == 0;

    /// <summary>Whether the browser will take media from us in this section.</summary>
    public bool CanReceive => !IsRejected && Kind is not null && Direction is MediaDirection.RecvOnly or MediaDirection.SendRecv;
}
