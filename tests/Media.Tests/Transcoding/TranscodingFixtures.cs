using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Codecs;
using SecureStream.Media.Tests.DemoCameras;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>
/// Camera frames made at test time by the real ffmpeg (a missing ffmpeg fails the test, naming
/// the package): an AAC-LC tone as RFC 3640 would deliver it (raw access units plus the track's
/// AudioSpecificConfig), and H.265 access units of a 640x360 25 fps test pattern.
/// </summary>
internal static class TranscodingFixtures
{
    public const int AudioRate = 48_000;
    public const int AacFrameTicks = 1024;
    public const int VideoFrameTicks = 3600;
    public const int Width = 640;
    public const int Height = 360;

    /// <summary>AAC-LC, 48 kHz, mono: audioObjectType 2, samplingFrequencyIndex 3, channelConfiguration 1.</summary>
    public static readonly byte[] AudioSpecificConfig = [0x11, 0x88];

    private static readonly Lazy<Task<List<byte[]>>> Aac = new(MakeAacAsync);
    private static readonly Dictionary<string, Lazy<Task<List<(bool Keyframe, List<byte[]> Units)>>>> Videos = new(StringComparer.Ordinal)
    {
        ["h265"] = new(() => MakeVideoAsync("libx265", "yuv420p")),
        ["h265-main10"] = new(() => MakeVideoAsync("libx265", "yuv420p10le")),
        ["h264-high"] = new(() => MakeVideoAsync("libx264", "yuv420p")),
    };

    public static TrackDescription AacTrack(int trackId = 1) =>
        new(trackId, TrackKind.Audio, MediaCodec.Aac, AudioRate, 1, [AudioSpecificConfig]) { Profile = "mp4a.40.2" };

    public static TrackDescription H265Track(int trackId = 0) => VideoTrack("h265", trackId);

    /// <summary>Raw AAC access units (ADTS headers removed), 1024 samples each.</summary>
    public static Task<List<byte[]>> AacFramesAsync() => Aac.Value;

    /// <summary>H.265 access units with parameter sets in band, a keyframe each second.</summary>
    public static Task<List<(bool Keyframe, List<byte[]> Units)>> H265AccessUnitsAsync() => VideoAccessUnitsAsync("h265");

    /// <summary>Access units of <c>h265</c> (Main), <c>h265-main10</c> or <c>h264-high</c>, 640x360 25 fps, a keyframe each second, no B-frames.</summary>
    public static Task<List<(bool Keyframe, List<byte[]> Units)>> VideoAccessUnitsAsync(string source) => Videos[source].Value;

    public static TrackDescription VideoTrack(string source, int trackId = 0) =>
        new(trackId, TrackKind.Video, source.StartsWith("h264", StringComparison.Ordinal) ? MediaCodec.H264 : MediaCodec.H265, 90_000, 0, []) { Width = Width, Height = Height };

    /// <summary>Runs ffmpeg (unboxed: it is the test's own tool) and returns what it wrote to <paramref name="output"/>.</summary>
    public static async Task<byte[]> FfmpegAsync(string output, params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"securestream-transcoding-{Guid.NewGuid():N}-{output}");
        try
        {
            var (exitCode, _, stderr) = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments, path], TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"ffmpeg failed ({exitCode}): {stderr}");
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<List<byte[]>> MakeAacAsync()
    {
        var adts = await FfmpegAsync("tone.aac", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4", "-ac", "1", "-c:a", "aac", "-b:a", "64k", "-f", "adts");
        var frames = new List<byte[]>();
        var at = 0;
        while (at + 7 <= adts.Length)
        {
            Assert.True(adts[at] == 0xFF && (adts[at + 1] & 0xF0) == 0xF0, "ADTS sync lost in ffmpeg's output");
            var headerLength = (adts[at + 1] & 0x01) != 0 ? 7 : 9;
            var frameLength = ((adts[at + 3] & 0x03) << 11) | (adts[at + 4] << 3) | (adts[at + 5] >> 5);
            frames.Add(adts[(at + headerLength)..(at + frameLength)]);
            at += frameLength;
        }

        return frames;
    }

    private static async Task<List<(bool Keyframe, List<byte[]> Units)>> MakeVideoAsync(string encoder, string pixelFormat)
    {
        var h265 = encoder == "libx265";
        string[] codec = h265
            ? ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=25:min-keyint=25:scenecut=0:bframes=0:repeat-headers=1:log-level=error", "-f", "hevc"]
            : ["-c:v", "libx264", "-profile:v", "high", "-preset", "ultrafast", "-g", "25", "-sc_threshold", "0", "-bf", "0", "-f", "h264"];
        var stream = await FfmpegAsync(
            h265 ? "clip.h265" : "clip.h264",
            ["-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=25", "-t", "4", "-pix_fmt", pixelFormat, .. codec]);
        return h265
            ? [.. AnnexB.H265AccessUnits(stream).Select(units => (units.Exists(u => ((u[0] >> 1) & 0x3F) is >= 16 and <= 21), units))]
            : [.. AnnexB.H264AccessUnits(stream).Select(units => (units.Exists(u => (u[0] & 0x1F) == 5), units))];
    }
}
