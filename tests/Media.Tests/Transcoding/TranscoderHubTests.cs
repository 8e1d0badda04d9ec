using System.Text.Json;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.DemoCameras;
using SecureStream.Media.Transcoding;
using static SecureStream.Media.Tests.Transcoding.TranscoderTestKit;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>The transcoders with the real ffmpeg in its box: what comes out, and when one runs.</summary>
[Collection(FfmpegTests.Name)]
public sealed class TranscoderHubTests
{
    [Fact]
    public async Task JoinAsync_AacTone_OpusFramesOnTheCameraClock()
    {
        const long cameraBase = 4_000_000_000; // past the 32-bit RTP wrap, as an unwrapped timestamp may be
        await using var hub = Hub(options => options.OpusFrameDurationMs = 20);
        await using var camera = await AacCameraAsync(cameraBase);
        var viewer = Viewer();
        await using var lease = await hub.JoinAsync(Pull(), camera.Track, MediaCodec.Opus, viewer, camera.SubscribeAsync, CancellationToken.None);

        var frames = await ReadAsync(viewer, 100);

        Assert.All(frames, frame =>
        {
            Assert.Equal(TranscodedTrackIds.Of(camera.Track.TrackId), frame.TrackId);
            Assert.Equal(MediaCodec.Opus, frame.Codec);
            var toc = frame.Units.Single().Span[0];
            Assert.Equal(31, toc >> 3); // CELT-only, full band, 20 ms (RFC 6716 §3.1): the low-delay mode
            Assert.Equal(0, toc & 0x04); // mono, as the camera's tone (no upmix to stereo)
        });

        // Source and output both run at 48 kHz: the output starts where the camera's first frame
        // was (less the encoder's priming, under one frame) and advances 960 ticks (20 ms) a frame.
        Assert.InRange(frames[0].Timestamp, cameraBase - 960, cameraBase + 960);
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(960, frames[i].Timestamp - frames[i - 1].Timestamp);
        }
    }

    [Fact]
    public async Task JoinAsync_DefaultOpusFrameDuration40_EachPacketTwoCeltFrames1920TicksApart()
    {
        const long cameraBase = 90_000;
        await using var hub = Hub();
        await using var camera = await AacCameraAsync(cameraBase);
        var viewer = Viewer();
        await using var lease = await hub.JoinAsync(Pull(), camera.Track, MediaCodec.Opus, viewer, camera.SubscribeAsync, CancellationToken.None);

        var frames = await ReadAsync(viewer, 40);

        // CELT codes at most 20 ms a frame: a 40 ms packet is two of them (RFC 6716 §3.2, code 1 or 3).
        Assert.All(frames, frame => Assert.NotEqual(0, frame.Units.Single().Span[0] & 0x03));
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(1920, frames[i].Timestamp - frames[i - 1].Timestamp);
        }
    }

    [Theory]
    [InlineData("h265")]
    [InlineData("h265-main10")]
    [InlineData("h264-high")]
    public async Task JoinAsync_VideoAccessUnits_H264ConstrainedBaselineAtTheSourceSizeWithCameraTimestamps(string source)
    {
        const long cameraBase = 123_456_789;
        await using var hub = Hub();
        await using var camera = await VideoCameraAsync(source, cameraBase);
        var viewer = Viewer();
        await using var lease = await hub.JoinAsync(Pull(), camera.Track, MediaCodec.H264, viewer, camera.SubscribeAsync, CancellationToken.None);

        var frames = await ReadAsync(viewer, 60);

        Assert.True(frames[0].IsKeyframe, "a viewer starts at a keyframe");
        var types = frames[0].Units.Select(unit => unit.Span[0] & 0x1F).ToList();
        Assert.Contains(7, types); // SPS on the keyframe
        Assert.Contains(8, types); // PPS
        // A keyframe exactly where the camera has one (each second: every 25th frame), so viewers join fast.
        Assert.All(frames, frame => Assert.True((frame.Timestamp - cameraBase) / TranscodingFixtures.VideoFrameTicks % 25 == 0 == frame.IsKeyframe, string.Join(",", frames.Select(f => $"{(f.Timestamp - cameraBase) / TranscodingFixtures.VideoFrameTicks}{(f.IsKeyframe ? "K" : "")}"))));
        Assert.All(frames, frame =>
        {
            Assert.Equal(TranscodedTrackIds.Of(camera.Track.TrackId), frame.TrackId);
            Assert.Equal(MediaCodec.H264, frame.Codec);
            Assert.True(camera.WasOffered(frame.Timestamp), $"output timestamp {frame.Timestamp} is not the timestamp of a camera frame");
        });

        var probe = await ProbeAsync(frames);
        Assert.Equal("h264", probe.GetProperty("codec_name").GetString());
        Assert.Equal("Constrained Baseline", probe.GetProperty("profile").GetString());
        Assert.Equal(TranscodingFixtures.Width, probe.GetProperty("width").GetInt32());
        Assert.Equal(TranscodingFixtures.Height, probe.GetProperty("height").GetInt32());
        Assert.Equal(frames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), probe.GetProperty("nb_read_frames").GetString());
    }

    /// <summary>ffprobe's view of the frames as an H.264 Annex B stream: every frame decoded.</summary>
    internal static async Task<JsonElement> ProbeAsync(IEnumerable<MediaFrame> frames)
    {
        var path = Path.Combine(Path.GetTempPath(), $"securestream-transcoded-{Guid.NewGuid():N}.h264");
        try
        {
            await using (var file = File.Create(path))
            {
                foreach (var unit in frames.SelectMany(frame => frame.Units))
                {
                    await file.WriteAsync(new byte[] { 0, 0, 0, 1 });
                    await file.WriteAsync(unit);
                }
            }

            var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
                "ffprobe",
                ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,profile,width,height,nb_read_frames", "-of", "json", "-f", "h264", path],
                TimeSpan.FromMinutes(1));
            Assert.True(exitCode == 0 && stderr.Length == 0, $"ffprobe ({exitCode}) reported: {stderr}");
            return JsonDocument.Parse(stdout).RootElement.GetProperty("streams")[0].Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
