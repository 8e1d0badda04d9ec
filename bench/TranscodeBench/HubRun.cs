using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.LoadTool;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Sources;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;

namespace SecureStream.TranscodeBench;

/// <summary>
/// The origin's own parts, as a gateway runs them for one camera: the RTSP pull (StreamHub), a
/// pass-through viewer, and for <c>audio</c>/<c>video</c> one transcoder (TranscoderHub, with the
/// shipped TranscodingOptions: boxed ffmpeg, one codec thread, nice 10) and one transcoded viewer.
/// </summary>
/// <remarks>
/// The hub is driven directly rather than through a gateway and a WebRTC viewer: the measured
/// cost is the pull plus the transcoder, without DTLS/SRTP and signalling (which pass-through pays
/// too), and the latency ends where a viewer session would take the frame to packetize it.
/// </remarks>
internal static class HubRun
{
    private static readonly CameraPath Camera = new("bench", "cam");

    public static async Task<RunResult> RunAsync(BenchArguments arguments, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var time = TimeProvider.System;
        var factory = new CameraSourceFactory(Options.Create(new RtspClientOptions()), time, loggers);
        await using var streams = new StreamHub(factory, time, new StreamHubMetrics(services.GetRequiredService<IMeterFactory>()), loggers);
        var pull = new PullKey(Camera, string.Empty);
        IReadOnlyList<Uri> urls = [arguments.Camera!];
        var settings = StreamSettings.Default;

        await using var passThrough = await streams.SubscribeAsync(pull, urls, settings, cancellationToken);
        var video = arguments.Mode != "audio";
        var source = passThrough.Tracks.FirstOrDefault(t => t.Kind == (video ? TrackKind.Video : TrackKind.Audio))
            ?? throw new InvalidOperationException($"the camera has no {(video ? "video" : "audio")} track");
        var target = video ? MediaCodec.H264 : MediaCodec.Opus;
        var transcoding = new TranscodingOptions();
        if (arguments.OpusCompressionLevel is { } level)
        {
            transcoding.OpusCompressionLevel = level;
        }

        if (arguments.OpusFrameDurationMs is { } frameMs)
        {
            transcoding.OpusFrameDurationMs = frameMs;
        }

        await using var transcoders = new TranscoderHub(
            new FfmpegBox(Options.Create(transcoding), loggers.CreateLogger<FfmpegBox>()), Options.Create(transcoding), time, loggers);
        var output = transcoders.Describe(source, target);
        // Opus: 20 ms frames (960 samples at 48 kHz), stamped 120 samples (libopus' lowdelay lookahead,
        // its pre-skip) before the input they end; video frames pair one to one.
        var recorder = new LatencyRecorder(source.ClockRate, output.ClockRate, video ? 1 : 960 + 120);
        var measuring = new StrongBox<bool>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = new List<Task> { ReadAsync(passThrough, f => f.TrackId == source.TrackId, (f, at) => recorder.Input(f.Timestamp, f.ReceivedAt, at, measuring.Value), stop.Token) };

        IAsyncDisposable? lease = null;
        StreamSubscription? viewer = null;
        long framesOut = 0;
        if (arguments.Mode != "passthrough")
        {
            if (transcoders.CannotProduce(source, target) is { } reason)
            {
                throw new InvalidOperationException($"{source.Codec} to {target} refused: {reason}");
            }

            viewer = new StreamSubscription(new PullKey(Camera, string.Empty), [output], settings.SubscriberQueueFrames, _ => ValueTask.CompletedTask, _ => { });
            lease = await transcoders.JoinAsync(pull, source, target, viewer, token => streams.SubscribeAsync(pull, urls, settings, token), cancellationToken);
            readers.Add(ReadAsync(viewer, _ => true, (f, at) =>
            {
                if (measuring.Value)
                {
                    recorder.Output(f.Timestamp, at);
                    Interlocked.Increment(ref framesOut);
                }
            }, stop.Token));
        }

        await Task.Delay(arguments.Warmup, cancellationToken);
        var running = transcoders.Snapshot();
        var transcoder = running.Count > 0 ? running[0] : null;
        var child = transcoder?.ProcessId ?? 0;
        var runs = transcoder?.Runs ?? 0;
        var self = ProcReader.Read(Environment.ProcessId, time);
        var childStart = child > 0 ? ProcReader.Read(child, time).Cpu : TimeSpan.Zero;
        measuring.Value = true;
        await Task.Delay(arguments.Measure, cancellationToken);
        measuring.Value = false;
        var selfEnd = ProcReader.Read(Environment.ProcessId, time);
        double? childCpu = null;
        var wall = time.GetElapsedTime(self.At, selfEnd.At).TotalSeconds;
        if (child > 0 && File.Exists($"/proc/{child}/stat"))
        {
            childCpu = (ProcReader.Read(child, time).Cpu - childStart).TotalSeconds / wall;
        }

        var restarts = (int)((transcoder?.Runs ?? 0) - runs);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        if (lease is not null)
        {
            await lease.DisposeAsync();
        }

        if (viewer is not null)
        {
            await viewer.DisposeAsync();
        }

        return new RunResult(
            arguments.Label,
            wall,
            (selfEnd.Cpu - self.Cpu).TotalSeconds / wall,
            childCpu,
            recorder.FramesIn,
            framesOut,
            lease is null ? null : recorder.Added(),
            recorder.PassThrough(),
            restarts);
    }

    private static async Task ReadAsync(StreamSubscription subscription, Func<MediaFrame, bool> wanted, Action<MediaFrame, DateTimeOffset> seen, CancellationToken token)
    {
        try
        {
            await foreach (var frame in subscription.Frames.ReadAllAsync(token))
            {
                if (wanted(frame))
                {
                    seen(frame, TimeProvider.System.GetUtcNow());
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
