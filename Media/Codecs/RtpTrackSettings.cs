namespace SecureStream.Media.Codecs;

/// <summary>
/// One SDP media section as the RTSP client understood it: <c>a=rtpmap</c> (payload type, encoding
/// name, clock rate, channels) and the <c>a=fmtp</c> parameters split into name/value pairs
/// (values as written, base64 and hex undecoded). Names are matched case-insensitively.
/// </summary>
internal sealed record RtpTrackSettings(int TrackId, byte PayloadType, string EncodingName, int ClockRate, int Channels = 0)
{
    public IReadOnlyDictionary<string, string> FormatParameters { get; init; } = new Dictionary<string, string>();
}
