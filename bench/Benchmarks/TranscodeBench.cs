using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.DemoCameras;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;

namespace SecureStream.Benchmarks;

/// <summary>
/// <c>transcode [--seconds N]</c>: CPU and added latency of one transcoded camera, AAC→Opus and
/// 640x360 25 fps H.265→H.264, through the real <see cref="TranscoderHub"/> and boxed ffmpeg; then
/// the same input through go2rtc's and MediaMTX's documented ffmpeg recipes (CPU only), same machine.
/// Frames are fed at their real pace; latency is from the moment the input frame that completes an
/// output frame is offered to the moment the viewer's queue receives that output frame (pass-through
/// adds nothing: the same frame object is queued). Linux only.
/// </summary>
internal static class TranscodeBench
{
    private static readonly double TicksPerSecond = 100; // USER_HZ for /proc/<pid>/stat

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 2 && args[1] == "--seconds" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var work = Directory.CreateTempSubdirectory("transcode-bench-").FullName;
        try
        {
            var aacTs = Path.Combine(work, "tone.ts");
            var hevcTs = Path.Combine(work, "clip.ts");
            await FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=10", "-ac", "1", "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", aacTs);
            await FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "10", "-pix_fmt", "yuv420p", "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "keyint=50:min-keyint=50:scenecut=0:bframes=0:repeat-headers=1:log-level=error", "-f", "mpegts", hevcTs);
            var aac = ReadFrames(aacTs, out _);
            var hevc = ReadFrames(hevcTs, out _);
            var aacTrack = new TrackDescription(1, TrackKind.Audio, MediaCodec.Aac, 48_000, 1, [new byte[] { 0x11, 0x88 }]);
            var hevcTrack = new TrackDescription(0, TrackKind.Video, MediaCodec.H265, 90_000, 0, []) { Width = 640, Height = 360 };

            Console.WriteLine($"transcode bench: {Environment.ProcessorCount} cores, {seconds} s window per case, frames fed at real time");
            await MeasureAsync("AAC 48 kHz mono -> Opus 48 kHz stereo", aacTrack, aac, 1024, MediaCodec.Opus, seconds);
            await MeasureAsync("H.265 640x360 25 fps -> H.264 CB", hevcTrack, hevc, 3600, MediaCodec.H264, seconds);
            string[] realtime = ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1"];
            await RecipeAsync("go2rtc #audio=opus", [.. realtime, "-fflags", "nobuffer", "-flags", "low_delay", "-i", aacTs, "-c:a", "libopus", "-application:a", "lowdelay", "-min_comp", "0", "-vn", "-f", "mpegts", "pipe:1"], seconds);
            await RecipeAsync("go2rtc #video=h264", [.. realtime, "-fflags", "nobuffer", "-flags", "low_delay", "-i", hevcTs, "-c:v", "libx264", "-g", "50", "-profile:v", "high", "-level:v", "4.1", "-preset:v", "superfast", "-tune:v", "zerolatency", "-pix_fmt:v", "yuv420p", "-an", "-f", "mpegts", "pipe:1"], seconds);
            await RecipeAsync("MediaMTX README re-encode", [.. realtime, "-i", hevcTs, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-b:v", "600k", "-max_muxing_queue_size", "1024", "-g", "30", "-an", "-f", "mpegts", "pipe:1"], seconds);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task MeasureAsync(string name, TrackDescription track, List<(bool Keyframe, List<ReadOnlyMemory<byte>> Units)> frames, int ticksPerFrame, MediaCodec target, int seconds)
    {
        var options = new TranscodingOptions();
        var box = new FfmpegBox(Options.Create(options), NullLogger<FfmpegBox>.Instance);
        await using var hub = new TranscoderHub(box, Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);
        var path = new CameraPath("bench", "cam");
        var camera = new StreamSubscription(path, [track], 5000, _ => ValueTask.CompletedTask, _ => { });
        var viewer = new StreamSubscription(path, [], 5000, _ => ValueTask.CompletedTask, _ => { });
        var offered = new Dictionary<long, long>();
        using var stop = new CancellationTokenSource();
        var feed = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)ticksPerFrame / track.ClockRate));
            long timestamp = 0;
            try
            {
                for (var i = 0; ; i = (i + 1) % frames.Count, timestamp += ticksPerFrame)
                {
                    await timer.WaitForNextTickAsync(stop.Token);
                    lock (offered)
                    {
                        offered[timestamp] = Stopwatch.GetTimestamp();
                    }

                    camera.Offer(new MediaFrame(track.TrackId, track.Codec, timestamp, frames[i].Keyframe, frames[i].Units, DateTimeOffset.UtcNow));
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });

        await using var lease = await hub.JoinAsync(new PullKey(path, string.Empty), track, target, viewer, _ => ValueTask.FromResult(camera), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(5)); // warm-up: ffmpeg started, first GOP through
        var transcoder = hub.Snapshot().Single();
        while (viewer.Frames.TryRead(out _))
        {
            // What queued during the warm-up is not latency.
        }

        var ffmpegBefore = ProcessTicks(transcoder.ProcessId);
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var latencies = new List<double>();
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var frame = await viewer.Frames.ReadAsync(window.Token);
                var received = Stopwatch.GetTimestamp();
                // The input frame that completes this output: the same timestamp for video; for audio
                // the AAC frame holding the Opus frame's last sample (both clocks are 48 kHz here).
                var source = target == MediaCodec.H264 ? frame.Timestamp : (Math.Max(0, frame.Timestamp + 959) / ticksPerFrame) * ticksPerFrame;
                lock (offered)
                {
                    if (offered.TryGetValue(source, out var at))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(at, received).TotalMilliseconds);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Window over.
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var ffmpegCpu = (ProcessTicks(transcoder.ProcessId) - ffmpegBefore) / TicksPerSecond / elapsed * 100;
        var selfCpu = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalSeconds / elapsed * 100;
        await stop.CancelAsync();
        await feed;
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: ffmpeg {ffmpegCpu:F1} % of a core, gateway process (feeder, pumps, fan-out) {selfCpu:F1} %; added latency p50 {Pct(latencies, 0.5):F1} ms, p95 {Pct(latencies, 0.95):F1} ms, max {latencies.LastOrDefault():F1} ms over {latencies.Count} frames; restarts {transcoder.Restarts}"));
    }

    private static async Task RecipeAsync(string name, string[] arguments, int seconds)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = ProcessTicks(process.Id);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var cpu = (ProcessTicks(process.Id) - before) / TicksPerSecond / Stopwatch.GetElapsedTime(started).TotalSeconds * 100;
        process.Kill();
        await process.WaitForExitAsync();
        await drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} (unboxed, same input, -re): ffmpeg {cpu:F1} % of a core"));
    }

    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>utime + stime of a process, in clock ticks (/proc/[pid]/stat fields 14 and 15).</summary>
    private static long ProcessTicks(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {error}");
        }
    }

    /// <summary>The frames of a one-stream transport stream, as a camera would deliver them (ADTS headers and Annex B start codes removed).</summary>
    private static List<(bool Keyframe, List<ReadOnlyMemory<byte>> Units)> ReadFrames(string tsPath, out byte streamType)
    {
        var reader = new SecureStream.Media.Transcoding.MpegTs.MpegTsReader(SecureStream.Media.Transcoding.MpegTs.MpegTsReader.MaxPesBytes);
        var pes = new List<SecureStream.Media.Transcoding.MpegTs.MpegTsPes>();
        reader.Push(File.ReadAllBytes(tsPath), pes);
        reader.Flush(pes);
        streamType = reader.StreamType;
        var frames = new List<(bool, List<ReadOnlyMemory<byte>>)>();
        foreach (var packet in pes)
        {
            if (packet.StreamType == SecureStream.Media.Transcoding.MpegTs.MpegTsStreamType.AacAdts)
            {
                // ffmpeg may put several ADTS frames in one PES.
                var data = packet.Payload;
                while (data.Length >= 7)
                {
                    var span = data.Span;
                    var length = ((span[3] & 0x03) << 11) | (span[4] << 3) | (span[5] >> 5);
                    var header = (span[1] & 0x01) != 0 ? 7 : 9;
                    frames.Add((true, [data[header..length]]));
                    data = data[length..];
                }
            }
            else
            {
                var units = AnnexBReader.SplitNalUnits(packet.Payload);
                frames.Add((units.Exists(u => ((u.Span[0] >> 1) & 0x3F) is >= 16 and <= 21), units));
            }
        }

        return frames;
    }
}
