namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// One payload type a browser listed on an <c>m=</c> line, with its <c>a=rtpmap</c> (or the static
/// RFC 3551 name for 0 and 8), its <c>a=fmtp</c> parameters (empty when absent or ambiguous) and its
/// <c>a=rtcp-fb</c> values (including those given for <c>*</c>).
/// </summary>
internal sealed record BrowserPayloadType(
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int Channels,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Feedback);
