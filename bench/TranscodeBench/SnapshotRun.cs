using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.LoadTool;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Snapshots;
using SecureStream.Media.Sources;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;

namespace SecureStream.TranscodeBench;

/// <summary>
/// Snapshot latency along SnapshotService's own steps (docs/snapshots.md), with the real StreamHub
/// pull, SnapshotCache, FfmpegKeyframeDecoder and boxed ffmpeg, shipped options; without the gate,
/// the camera registry and HTTP (a ticket check and a dictionary lookup, not measured):
/// <list type="bullet">
/// <item><c>cold</c>: an unwatched camera (a new pull each time): no kept keyframe, so join the pull
/// as a probe, take the first video keyframe, leave (the pull ends at once), decode. Each
/// repetition also checks that the camera was released.</item>
/// <item><c>newkey</c>: a watched camera, right after a new keyframe arrived: one decode.</item>
/// <item><c>warm</c>: a watched camera whose kept keyframe was already decoded: the cache answers.</item>
/// <item><c>go2rtc-decode</c>: the same keyframes, piped to go2rtc's /api/frame.jpeg decode command
/// (internal/ffmpeg/jpeg.go: <c>ffmpeg -hide_banner -v error -i - -c:v mjpeg -f mjpeg -</c>, no box,
/// no pinned demuxer), start to exit with the JPEG read.</item>
/// </list>
/// </summary>
internal static class SnapshotRun
{
    private static readonly string[] Go2RtcDecode = ["-hide_banner", "-v", "error", "-i", "-", "-c:v", "mjpeg", "-f", "mjpeg", "-"];

    public static async Task<IReadOnlyList<RunResult>> RunAsync(BenchArguments arguments, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var time = TimeProvider.System;
        var options = new SnapshotOptions();
        var snapshots = Options.Create(options);
        var box = new FfmpegBox(Options.Create(new TranscodingOptions()), loggers.CreateLogger<FfmpegBox>());
        using var cache = new SnapshotCache(new FfmpegKeyframeDecoder(box, snapshots, loggers.CreateLogger<FfmpegKeyframeDecoder>()), snapshots, new SnapshotMetrics(meters), time, loggers.CreateLogger<SnapshotCache>());
        IReadOnlyList<Uri> urls = [arguments.Camera!];
        var settings = StreamSettings.Default;
        var factory = new CameraSourceFactory(Options.Create(new RtspClientOptions()), time, loggers);
        await using var hub = new StreamHub(factory, time, new StreamHubMetrics(meters), loggers);
        var name = arguments.Label;

        var cold = new List<double>();
        var released = 0;
        for (var i = 0; i < arguments.Repeat; i++)
        {
            var camera = new CameraPath("bench", "cold" + i);
            var key = new PullKey(camera, string.Empty);
            var started = time.GetTimestamp();
            if (hub.TryGetKeptKeyframe(key, out _, out _))
            {
                throw new InvalidOperationException("a cold camera had a kept keyframe");
            }

            var (keyframe, track) = await ProbeAsync(hub, key, urls, settings, options.KeyframeTimeout, cancellationToken);
            await RequireJpegAsync(cache.GetAsync(key, keyframe, track));
            cold.Add(time.GetElapsedTime(started).TotalMilliseconds);
            released += hub.PullsOf(camera).Count == 0 ? 1 : 0;
        }

        var watchedKey = new PullKey(new CameraPath("bench", "watched"), string.Empty);
        await using var viewer = await hub.SubscribeAsync(watchedKey, urls, settings, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var drain = DrainAsync(viewer, stop.Token);
        await Task.Delay(arguments.Warmup, cancellationToken);

        var newKey = new List<double>();
        var warm = new List<double>();
        var theirs = new List<double>();
        MediaFrame? last = null;
        for (var i = 0; i < arguments.Repeat; i++)
        {
            var (kept, keptTrack) = await NextKeyframeAsync(hub, watchedKey, last, cancellationToken);
            last = kept;
            var started = time.GetTimestamp();
            await RequireJpegAsync(cache.GetAsync(watchedKey, kept, keptTrack));
            newKey.Add(time.GetElapsedTime(started).TotalMilliseconds);

            // Ten cached requests for the same keyframe, as the wall's tiles would make.
            for (var j = 0; j < 10; j++)
            {
                started = time.GetTimestamp();
                if (!hub.TryGetKeptKeyframe(watchedKey, out var again, out var againTrack))
                {
                    throw new InvalidOperationException("the watched camera lost its kept keyframe");
                }

                await RequireJpegAsync(cache.GetAsync(watchedKey, again!, againTrack!));
                warm.Add(time.GetElapsedTime(started).TotalMilliseconds);
            }

            var annexB = KeyframeAnnexB.Build(kept, keptTrack, options.MaxKeyframeBytes)
                ?? throw new InvalidOperationException("the kept keyframe has no Annex B form");
            theirs.Add(await RunOnceAsync("/usr/bin/ffmpeg", Go2RtcDecode, annexB, cancellationToken));
        }

        await stop.CancelAsync();
        await drain;
        return
        [
            Result($"snapshot-{name}-cold", cold, released),
            Result($"snapshot-{name}-newkey", newKey, newKey.Count),
            Result($"snapshot-{name}-warm", warm, warm.Count),
            Result($"go2rtc-decode-{name}", theirs, theirs.Count),
        ];
    }

    /// <summary>Runs a program to its end <see cref="BenchArguments.Repeat"/> times: milliseconds from start to exit with a JPEG on stdout.</summary>
    public static async Task<RunResult> RunCommandAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < arguments.Repeat; i++)
        {
            times.Add(await RunOnceAsync(arguments.Command[0], arguments.Command.Skip(1), ReadOnlyMemory<byte>.Empty, cancellationToken));
            await Task.Delay(arguments.Warmup, cancellationToken);
        }

        return Result(arguments.Label, times, times.Count);
    }

    private static async Task<(MediaFrame Keyframe, TrackDescription Track)> ProbeAsync(StreamHub hub, PullKey key, IReadOnlyList<Uri> urls, StreamSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var probe = await hub.ProbeAsync(key, urls, settings, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await foreach (var frame in probe.Frames.ReadAllAsync(limit.Token))
        {
            if (frame.IsKeyframe && GopBuffer.IsVideo(frame.Codec) && probe.Tracks.FirstOrDefault(t => t.TrackId == frame.TrackId) is { } track)
            {
                return (frame, track);
            }
        }

        throw new InvalidOperationException("the camera's stream ended before a keyframe");
    }

    /// <summary>Waits (polling every 5 ms, at most 10 s) until the pull keeps a keyframe other than <paramref name="previous"/>.</summary>
    private static async Task<(MediaFrame, TrackDescription)> NextKeyframeAsync(StreamHub hub, PullKey key, MediaFrame? previous, CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < 2000; waited++)
        {
            if (hub.TryGetKeptKeyframe(key, out var kept, out var track) && !ReferenceEquals(kept, previous))
            {
                return (kept!, track!);
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new InvalidOperationException("no new keyframe on the watched camera within 10 s");
    }

    private static async Task RequireJpegAsync(Task<KeyframeDecode> decode)
    {
        var result = await decode;
        if (!result.IsDecoded)
        {
            throw new InvalidOperationException("snapshot decode failed: " + result.Failure);
        }
    }

    private static async Task<double> RunOnceAsync(string program, IEnumerable<string> args, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = new MemoryStream();
        var read = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
        process.StandardInput.Close();
        await read;
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var jpeg = output.ToArray();
        return process.ExitCode == 0 && jpeg.Length > 2 && jpeg[0] == 0xFF && jpeg[1] == 0xD8
            ? elapsed
            : throw new InvalidOperationException($"{program} exited {process.ExitCode} without a JPEG");
    }

    private static async Task DrainAsync(StreamSubscription subscription, CancellationToken token)
    {
        try
        {
            await foreach (var _ in subscription.Frames.ReadAllAsync(token))
            {
                // A viewer that keeps up: the pull stays watched and keeps its GOP.
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Repetitions in frames_in, successes (for cold: camera released after its snapshot) in frames_out.</summary>
    private static RunResult Result(string label, List<double> millis, long ok) =>
        new(label, millis.Sum() / 1000, null, null, millis.Count, ok, (Percentiles.Of(millis, 50)!.Value, Percentiles.Of(millis, 95)!.Value), null, 0);
}
