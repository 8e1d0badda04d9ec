using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>Builds hubs over the real, boxed ffmpeg and reads what viewers receive.</summary>
internal static class TranscoderTestKit
{
    public static TranscodingOptions Options(Action<TranscodingOptions>? configure = null)
    {
        var options = new TranscodingOptions
        {
            FfmpegPath = RequiredProgram.Find("/usr/bin/ffmpeg", "ffmpeg"),
            // Long enough that a loaded machine starving the niced ffmpeg is not taken for a stall;
            // tests about stalls set their own.
            StallTimeout = TimeSpan.FromSeconds(10),
            RestartBackoffInitial = TimeSpan.FromMilliseconds(100),
            RestartBackoffMax = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return options;
    }

    public static FfmpegBox Box(TranscodingOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), NullLogger<FfmpegBox>.Instance);

    public static TranscoderHub Hub(Action<TranscodingOptions>? configure = null)
    {
        var options = Options(configure);
        return new TranscoderHub(Box(options), Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);
    }

    public static StreamSubscription Viewer() => new(new PullKey(FakeCamera.Path, string.Empty), [], 5000, _ => ValueTask.CompletedTask, _ => { });

    public static PullKey Pull(string stream = "cam") => new(new Policy.Access.CameraPath("app", stream), string.Empty);

    public static async Task<FakeCamera> AacCameraAsync(long baseTimestamp, int trackId = 1)
    {
        var frames = await TranscodingFixtures.AacFramesAsync();
        return new FakeCamera(TranscodingFixtures.AacTrack(trackId), [.. frames.Select(f => (true, (IReadOnlyList<byte[]>)[f]))], TranscodingFixtures.AacFrameTicks, baseTimestamp);
    }

    public static Task<FakeCamera> H265CameraAsync(long baseTimestamp) => VideoCameraAsync("h265", baseTimestamp);

    /// <summary>A camera of <see cref="TranscodingFixtures.VideoAccessUnitsAsync"/>'s <paramref name="source"/>.</summary>
    public static async Task<FakeCamera> VideoCameraAsync(string source, long baseTimestamp)
    {
        var units = await TranscodingFixtures.VideoAccessUnitsAsync(source);
        return new FakeCamera(TranscodingFixtures.VideoTrack(source), [.. units.Select(u => (u.Keyframe, (IReadOnlyList<byte[]>)u.Units))], TranscodingFixtures.VideoFrameTicks, baseTimestamp);
    }

    /// <summary>The next <paramref name="count"/> frames the viewer receives; fails (never hangs) when they do not come within a generous deadline.</summary>
    public static async Task<List<MediaFrame>> ReadAsync(StreamSubscription viewer, int count, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        var frames = new List<MediaFrame>();
        try
        {
            while (frames.Count < count)
            {
                frames.Add(await viewer.Frames.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"only {frames.Count} of {count} frames arrived");
        }

        return frames;
    }

    /// <summary>Whether a process with this id runs (a reaped process has no /proc entry).</summary>
    public static bool ProcessRuns(int processId) => processId > 0 && Directory.Exists($"/proc/{processId}");
}
