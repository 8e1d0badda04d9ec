using SecureStream.Media.Frames;

namespace SecureStream.Media.Tests.Streams;

internal static class FakeFrames
{
    public static readonly IReadOnlyList<TrackDescription> VideoAndAudioTracks =
    [
        new TrackDescription(0, TrackKind.Video, MediaCodec.H264, 90000, 0, []) { Width = 1280, Height = 720, Profile = "42e01f" },
        new TrackDescription(1, TrackKind.Audio, MediaCodec.Pcmu, 8000, 1, []),
    ];

    public static readonly IReadOnlyList<TrackDescription> H265Tracks =
    [
        new TrackDescription(0, TrackKind.Video, MediaCodec.H265, 90000, 0, []) { Width = 1920, Height = 1080 },
        new TrackDescription(1, TrackKind.Audio, MediaCodec.Pcmu, 8000, 1, []),
    ];

    public static MediaFrame Video(bool keyframe, long timestamp, int size = 100) =>
        new(0, MediaCodec.H264, timestamp, keyframe, [new byte[size]], DateTimeOffset.UnixEpoch);

    public static MediaFrame Audio(long timestamp) =>
        new(1, MediaCodec.Pcmu, timestamp, false, [new byte[160]], DateTimeOffset.UnixEpoch);
}
