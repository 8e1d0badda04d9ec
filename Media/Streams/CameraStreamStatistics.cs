using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// An immutable snapshot of one camera's stream for the management API. Each field is current
/// when read; fields may be a few microseconds apart. Carries the index of the source URL, never
/// the URL (it may hold the camera's credentials).
/// </summary>
/// <param name="Subscribers">Attached subscribers.</param>
/// <param name="Waiting">Subscribers waiting for the camera to start.</param>
/// <param name="FramesIn">Frames received from every source of this stream.</param>
/// <param name="BytesIn">Payload bytes received.</param>
/// <param name="FramesDropped">Frames dropped for slow subscribers, summed over subscribers.</param>
/// <param name="KeyframeInterval">Time between the latest two video keyframes.</param>
/// <param name="SourceUrlIndex">Index of the current (or latest) URL in the camera's URL list.</param>
/// <param name="SourceConnected">The current source described its tracks and is not being replaced.</param>
/// <param name="SourceStarts">Sources started (first start plus every failover attempt).</param>
/// <param name="Failovers">Times the source was replaced after a failure or no input.</param>
/// <param name="LastFailure">Reason code of the latest source failure, when any.</param>
internal sealed record CameraStreamStatistics(
    CameraPath Camera,
    CameraStreamState State,
    int Subscribers,
    int Waiting,
    long FramesIn,
    long BytesIn,
    long FramesDropped,
    TimeSpan? KeyframeInterval,
    MediaCodec? VideoCodec,
    int? Width,
    int? Height,
    MediaCodec? AudioCodec,
    DateTimeOffset? LastInputAt,
    int SourceUrlIndex,
    int SourceUrlCount,
    bool SourceConnected,
    int SourceStarts,
    int Failovers,
    string? LastFailure,
    int GopFrames)
{
    /// <summary>When <see cref="LastFailure"/> happened; null when nothing failed.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }
}
