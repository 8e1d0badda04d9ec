namespace SecureStream.Media.Streams;

/// <summary>The input and drop counters of one camera, read together under the fan-out lock.</summary>
internal readonly record struct FanOutCounters(
    long FramesIn,
    long BytesIn,
    long FramesDropped,
    DateTimeOffset? LastInputAt,
    TimeSpan? KeyframeInterval,
    int GopFrames,
    long GopBytes);
