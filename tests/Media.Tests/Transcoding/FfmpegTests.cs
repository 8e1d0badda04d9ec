namespace SecureStream.Media.Tests.Transcoding;

/// <summary>Tests that run ffmpeg run one class at a time: a transcoder's CPU use must not starve another's stall watchdog.</summary>
[CollectionDefinition(Name)]
public sealed class FfmpegTests
{
    public const string Name = "ffmpeg";
}
