using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Sources;

namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// The pull's keyframe request against GStreamer's RTSP server, whose RTP session turns an RTCP PLI
/// or FIR into a force-key-unit event for x264enc. The camera is shared and already playing (an
/// anchor pull that never asks) and keeps its cadence whoever joins; its encoder writes a keyframe
/// every 250 frames (10 s at 25 fps) and reports each keyframe with its frame number, so a keyframe
/// off that schedule is one we asked for — judged by frame numbers, not by the clock.
/// </summary>
public sealed class CameraKeyframeRequestTests
{
    private const string Mount = "/gop10";
    private const int GopFrames = 250;

    // Bounds each wait so a hang fails the test; not a timing assertion.
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static string Launch(string encoderName) =>
        "videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 ! "
        + $"x264enc name={encoderName} tune=zerolatency speed-preset=ultrafast key-int-max={GopFrames} option-string=scenecut=0 ! "
        + "rtph264pay name=pay0 pt=96 config-interval=-1";

    [Theory]
    [InlineData(nameof(RtspTransportMode.Tcp), nameof(RtspKeyframeRequestMode.Pli))]
    [InlineData(nameof(RtspTransportMode.Udp), nameof(RtspKeyframeRequestMode.Pli))]
    [InlineData(nameof(RtspTransportMode.Tcp), nameof(RtspKeyframeRequestMode.Fir))]
    [InlineData(nameof(RtspTransportMode.Udp), nameof(RtspKeyframeRequestMode.Fir))]
    public async Task PullJoiningMidGop_CameraHonours_GetsAKeyframeOffTheSchedule(string transportName, string modeName)
    {
        var transport = Enum.Parse<RtspTransportMode>(transportName);
        var mode = Enum.Parse<RtspKeyframeRequestMode>(modeName);
        await using var camera = await GStreamerCamera.StartAsync(Bound(), mounts: new Dictionary<string, string> { [Mount] = Launch("enc") }, shared: true);
        var anchorFrames = new RecordingFrameSink();
        await using var anchor = Source(camera, new RtspClientOptions { KeyframeRequest = RtspKeyframeRequestMode.Off });
        await anchor.StartAsync(anchorFrames, Bound());
        // The encoder is well into its first group of pictures when the pull under test joins.
        await anchorFrames.WaitForFramesAsync(25, Bound());

        var frames = new RecordingFrameSink();
        await using var pull = Source(camera, new RtspClientOptions { Transport = transport, KeyframeRequest = mode });
        await pull.StartAsync(frames, Bound());
        await WaitUntilAsync(() => KeyUnitRequests(camera, "FORCE_KEY_UNIT") >= 1);
        // The pull joined mid-GOP, so its first keyframe is the one it asked for, and it may have
        // come already: wait for the first, not for one more than seen now (that would be the next
        // scheduled one, 250 frames later).
        await frames.WaitForKeyframesAsync(1, Bound());
        var encoderKeyframes = EncoderKeyframes(camera);

        // The camera wrote a keyframe between its scheduled ones, and the pull got it before the
        // next scheduled one was written.
        Assert.Contains(encoderKeyframes, n => n % GopFrames != 0);
        Assert.All(encoderKeyframes, n => Assert.True(n < GopFrames, $"the scheduled keyframe {n} came first: {string.Join(',', encoderKeyframes)}"));

        // Exactly one request: a moment later, nothing more was sent or reached the encoder.
        await Task.Delay(new RtspClientOptions().KeyframeRequestRetryInterval * 3);
        Assert.Equal(1, pull.KeyframeRequestsSent);
        Assert.Equal(0, anchor.KeyframeRequestsSent);
        Assert.Equal(1, KeyUnitRequests(camera, "FORCE_KEY_UNIT"));
    }

    [Fact]
    public async Task Pull_CameraIgnoresRequests_KeepsPlaying_AndStopsAskingAfterTheAttempts()
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound(), mounts: new Dictionary<string, string> { [Mount] = Launch("deafenc") }, shared: true);
        var anchorFrames = new RecordingFrameSink();
        await using var anchor = Source(camera, new RtspClientOptions { KeyframeRequest = RtspKeyframeRequestMode.Off });
        await anchor.StartAsync(anchorFrames, Bound());
        await anchorFrames.WaitForFramesAsync(25, Bound());

        var options = new RtspClientOptions();
        var frames = new RecordingFrameSink();
        await using var pull = Source(camera, options);
        await pull.StartAsync(frames, Bound());
        await WaitUntilAsync(() => KeyUnitRequests(camera, "FORCE_KEY_UNIT_IGNORED") >= options.KeyframeRequestAttempts);

        // Past the last repeat: the pull still plays, and asked no more than its attempts.
        await Task.Delay(options.KeyframeRequestRetryInterval * 3);
        await frames.WaitForFramesAsync(frames.Count + 25, Bound());
        Assert.Equal(options.KeyframeRequestAttempts, pull.KeyframeRequestsSent);
        Assert.Equal(options.KeyframeRequestAttempts, KeyUnitRequests(camera, "FORCE_KEY_UNIT_IGNORED"));
        Assert.Equal(0, KeyUnitRequests(camera, "FORCE_KEY_UNIT"));
        Assert.Equal(0, frames.Keyframes);
        Assert.All(EncoderKeyframes(camera), n => Assert.Equal(0, n % GopFrames));
    }

    private static RtspCameraSource Source(GStreamerCamera camera, RtspClientOptions options) =>
        new(camera.Url(Mount), null, options, TimeProvider.System, NullLogger.Instance);

    private static int KeyUnitRequests(GStreamerCamera camera, string kind) =>
        camera.EncoderEvents.Count(e => e == kind + " " + Mount);

    private static List<int> EncoderKeyframes(GStreamerCamera camera) =>
        [.. camera.EncoderEvents
            .Where(e => e.StartsWith("KEYFRAME " + Mount + " ", StringComparison.Ordinal))
            .Select(e => int.Parse(e.AsSpan(e.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture))];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var bound = Bound();
        while (!condition())
        {
            await Task.Delay(20, bound);
        }
    }

    /// <summary>Counts the frames a source delivers and lets a test wait for a number of them.</summary>
    private sealed class RecordingFrameSink : IFrameSink
    {
        private int _count;
        private int _keyframes;

        public int Count => Volatile.Read(ref _count);

        public int Keyframes => Volatile.Read(ref _keyframes);

        public void OnFrame(MediaFrame frame)
        {
            if (frame.Codec is not (MediaCodec.H264 or MediaCodec.H265))
            {
                return;
            }

            if (frame.IsKeyframe)
            {
                Interlocked.Increment(ref _keyframes);
            }

            Interlocked.Increment(ref _count);
        }

        public void OnSourceEnded(string reason)
        {
        }

        public Task WaitForFramesAsync(int count, CancellationToken cancellationToken) => WaitAsync(() => Count >= count, cancellationToken);

        public Task WaitForKeyframesAsync(int count, CancellationToken cancellationToken) => WaitAsync(() => Keyframes >= count, cancellationToken);

        private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
        {
            while (!condition())
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }
}
