using SecureStream.Media.Frames;

namespace SecureStream.Media.Tests.Snapshots;

internal static class SnapshotTestData
{
    /// <summary>SOI, a baseline SOF0 for 320x240 with one component, SOS: enough for the header check.</summary>
    public static readonly byte[] TinyJpeg =
    [
        0xFF, 0xD8,
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0xF0, 0x01, 0x40, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
        0xFF, 0xD9,
    ];

    public static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1E];

    public static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];

    public static readonly TrackDescription H264Track =
        new(0, TrackKind.Video, MediaCodec.H264, 90000, 0, [Sps, Pps]) { Width = 320, Height = 240 };

    public static MediaFrame Keyframe(long timestamp, params byte[][] units) =>
        new(0, MediaCodec.H264, timestamp, true, units.Length == 0 ? [new byte[] { 0x65, 0x88, 0x84 }] : units.Select(u => (ReadOnlyMemory<byte>)u).ToList(), DateTimeOffset.UnixEpoch);
}
