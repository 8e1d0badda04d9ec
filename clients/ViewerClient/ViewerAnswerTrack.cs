using SecureStream.Media.Frames;

namespace SecureStream.ViewerClient;

/// <summary>One media section the gateway will send: its mid, kind and the one payload type it chose.</summary>
/// <param name="FormatParameters">The <c>a=fmtp</c> value of the chosen payload type; empty when none.</param>
internal sealed record ViewerAnswerTrack(
    string Mid,
    TrackKind Kind,
    int PayloadType,
    string EncodingName,
    int ClockRate,
    string FormatParameters);
