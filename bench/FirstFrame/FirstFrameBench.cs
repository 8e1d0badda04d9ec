using System.Security.Cryptography;

namespace SecureStream.FirstFrame;

/// <summary>
/// Runs every case: for each keyframe interval, cold runs (the camera is not pulled when the viewer
/// asks) and warm runs (an anchor viewer already watches the camera), each run a fresh Chromium page
/// whose time from the WHEP POST to the first decoded frame is measured. Before each run the tool
/// waits a random part of the keyframe interval so runs do not lock onto the camera's cadence.
/// </summary>
internal static class FirstFrameBench
{
    private const int SteadyViewers = 2;

    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(FirstFrameOptions options, TextWriter report)
    {
        if (!File.Exists(ChromiumViewers.ChromiumPath))
        {
            Console.Error.WriteLine($"{ChromiumViewers.ChromiumPath} is missing (apt-get install chromium)");
            return 1;
        }

        var repository = FindRepository();
        report.WriteLine($"first-frame: {options.Runs} runs per case, keyframe intervals {string.Join(", ", options.KeyframeIntervalsSeconds)} s, modes {string.Join(", ", options.Modes)}");
        await using var camera = await KeyframeCamera.StartAsync(repository, options.KeyframeIntervalsSeconds, options.CameraHonoursRequests, CancellationToken.None);
        report.WriteLine($"camera: GStreamer RTSP on 127.0.0.1:{camera.Port}, mounts {string.Join(", ", options.KeyframeIntervalsSeconds.Select(KeyframeCamera.MountOf))} (shared, anchored, {(options.CameraHonoursRequests ? "honours PLI/FIR" : "cannot be asked for a keyframe")}); gateway Rtsp:KeyframeRequest={options.KeyframeRequest}");
        using var recorder = new ForwardingDelayRecorder();
        await using var gateway = await BenchGateway.StartAsync(camera.Port, options.KeyframeRequest);
        report.WriteLine($"gateway: in this process, front door http://127.0.0.1:{gateway.HttpPort}");
        await using var viewers = await ChromiumViewers.LaunchAsync(gateway.HttpPort);

        // One untimed viewer first: JIT, Chromium's codec start-up and the first connection are not what is measured.
        var first = KeyframeCamera.MountOf(options.KeyframeIntervalsSeconds[0]);
        var (warmUpPage, warmUp) = await viewers.StartViewerAsync(gateway.WhepLink(first), options.TimeoutMs);
        await ChromiumViewers.StopViewerAsync(warmUpPage);
        report.WriteLine($"warm-up viewer: {Describe(warmUp)}");
        await WaitUntilReleasedAsync(gateway, first);

        var results = new List<CaseResult>();
        foreach (var seconds in options.KeyframeIntervalsSeconds)
        {
            foreach (var mode in options.Modes)
            {
                var result = await RunCaseAsync(report, gateway, viewers, recorder, mode, seconds, options);
                results.Add(result);
                Report.PrintCase(report, result);
            }
        }

        var steady = await MeasureSteadyForwardingAsync(report, gateway, viewers, recorder, first, options);
        Report.PrintTable(report, results, steady, load: File.ReadAllText("/proc/loadavg").Trim());
        if (options.JsonPath is { } path)
        {
            await Report.WriteJsonAsync(path, results, steady);
            report.WriteLine($"json: {path}");
        }

        return results.All(r => r.Failures == 0) ? 0 : 1;
    }

    private static async Task<CaseResult> RunCaseAsync(
        TextWriter report, BenchGateway gateway, ChromiumViewers viewers, ForwardingDelayRecorder recorder, ViewerMode mode, int seconds, FirstFrameOptions options)
    {
        var camera = KeyframeCamera.MountOf(seconds);
        report.WriteLine($"-- {mode.ToString().ToLowerInvariant()}, keyframe every {seconds} s (camera {BenchGateway.App}/{camera})");
        Microsoft.Playwright.IPage? anchor = null;
        if (mode == ViewerMode.Warm)
        {
            (anchor, var anchored) = await viewers.StartViewerAsync(gateway.WhepLink(camera), options.TimeoutMs);
            report.WriteLine($"   anchor viewer: {Describe(anchored)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        recorder.TakeVideoMs();
        var runs = new List<ViewerResult>(options.Runs);
        try
        {
            for (var i = 0; i < options.Runs; i++)
            {
                if (mode == ViewerMode.Cold && !await WaitUntilReleasedAsync(gateway, camera))
                {
                    runs.Add(new ViewerResult("camera still pulled: not a cold start", null, null, null, null, 0, 0));
                    continue;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(seconds * 1000)));
                var (page, result) = await viewers.StartViewerAsync(gateway.WhepLink(camera), options.TimeoutMs);
                await ChromiumViewers.StopViewerAsync(page);
                runs.Add(result);
                report.WriteLine($"   run {i + 1,2}: {Describe(result)}");
            }
        }
        finally
        {
            if (anchor is not null)
            {
                await ChromiumViewers.StopViewerAsync(anchor);
            }
        }

        var delays = recorder.TakeVideoMs();
        await WaitUntilReleasedAsync(gateway, camera);
        return new CaseResult(mode, seconds, runs, delays);
    }

    /// <summary>
    /// The forwarding delay with nobody joining: <see cref="SteadyViewers"/> viewers on one camera,
    /// measured over <see cref="FirstFrameOptions.SteadySeconds"/> after they have settled (a joining
    /// viewer's first live frames queue behind its kept-GOP burst, which the case figures include),
    /// with <see cref="HandOffBaseline"/> running meanwhile as a control.
    /// </summary>
    private static async Task<IReadOnlyList<double>> MeasureSteadyForwardingAsync(
        TextWriter report, BenchGateway gateway, ChromiumViewers viewers, ForwardingDelayRecorder recorder, string camera, FirstFrameOptions options)
    {
        report.WriteLine($"-- steady state: {SteadyViewers} viewers on {BenchGateway.App}/{camera} for {options.SteadySeconds} s");
        var pages = new List<Microsoft.Playwright.IPage>();
        try
        {
            for (var i = 0; i < SteadyViewers; i++)
            {
                var (page, result) = await viewers.StartViewerAsync(gateway.WhepLink(camera), options.TimeoutMs);
                pages.Add(page);
                report.WriteLine($"   viewer {i + 1}: {Describe(result)}");
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            recorder.TakeVideoMs();
            var windowStart = System.Diagnostics.Stopwatch.GetTimestamp();
            var pausedBefore = GC.GetTotalPauseDuration();
            int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var baseline = await HandOffBaseline.MeasureAsync(TimeSpan.FromSeconds(options.SteadySeconds));
            var steadyTimed = recorder.TakeVideo();
            var steady = steadyTimed.Select(m => m.DelayMs).ToList();
            var slowest = steadyTimed.OrderByDescending(m => m.DelayMs).Take(12)
                .OrderBy(m => m.RecordedAt)
                .Select(m => $"{m.DelayMs:F0} ms at {System.Diagnostics.Stopwatch.GetElapsedTime(windowStart, m.RecordedAt).TotalSeconds:F3} s");
            report.WriteLine($"   frames over 5 ms: {steady.Count(d => d > 5)} of {steady.Count}; the 12 slowest, in time order: {string.Join(", ", slowest)}");
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            report.WriteLine($"   GC meanwhile (whole process): {paused.TotalMilliseconds:F1} ms paused; collections gen0 {GC.CollectionCount(0) - collectionsBefore[0]}, gen1 {GC.CollectionCount(1) - collectionsBefore[1]}, gen2 {GC.CollectionCount(2) - collectionsBefore[2]}");
            var control = Distribution.Of(baseline);
            report.WriteLine($"   control, two bare channel hand-offs meanwhile in this process: n={control.Count}, p50 {control.P50:F3} ms, p90 {control.P90:F3} ms, p99 {control.P99:F3} ms, max {control.Max:F3} ms");
            return steady;
        }
        finally
        {
            foreach (var page in pages)
            {
                await ChromiumViewers.StopViewerAsync(page);
            }
        }
    }

    private static async Task<bool> WaitUntilReleasedAsync(BenchGateway gateway, string camera)
    {
        var deadline = DateTime.UtcNow + ReleaseWait;
        while (gateway.IsPulled(camera))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static string Describe(ViewerResult result) =>
        result.Succeeded
            ? $"first frame {result.FirstFrameMs:F0} ms ({result.Method}), answer {result.AnswerMs:F0} ms, connected {result.ConnectedMs:F0} ms, {result.Width}x{result.Height}"
            : $"FAILED: {result.Error}";

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureStream.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (SecureStream.sln not found above the binary)");
    }
}
