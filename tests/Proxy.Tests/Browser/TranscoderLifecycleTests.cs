using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The boxed ffmpeg as Chromium and the operating system see it (issue 10): none while nobody
/// watches, one shared by two browser viewers, gone after the last leaves; killed mid-play, it is
/// restarted and the browser keeps decoding on the same peer connection. The process is found as
/// the OS sees it: a child of this process (the gateway runs in it, and the box execs down to
/// ffmpeg itself) named <c>ffmpeg</c>.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class TranscoderLifecycleTests(ChromiumFixture chromium)
{
    private const int EventualMs = 60_000;

    /// <summary>A new niced ffmpeg's start and its first 50 frames on a busy 2-core machine: a bound, not a timing assertion.</summary>
    private static readonly TimeSpan AfterRestartLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PlayerPage_H265TranscoderKilledMidPlay_RestartedAndVideoKeepsDecoding()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);
        var hub = playback.Gateway.Services.GetRequiredService<TranscoderHub>();
        var page = await playback.OpenPlayerAsync(GStreamerFeed.H265);
        await InboundRtpProbe.AssertVideoAsync(page, "video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height);
        var transcoder = Assert.Single(hub.Snapshot());
        var killed = transcoder.ProcessId;
        Assert.Contains(killed, FfmpegChildren());

        using (var process = Process.GetProcessById(killed))
        {
            process.Kill();
        }

        // Restarted: a new ffmpeg, a child of the gateway like the first, for the same transcoder.
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => transcoder.Runs >= 2 && transcoder.ProcessId != 0, EventualMs),
            $"not restarted: {transcoder.Runs} run(s), {transcoder.Restarts} restart(s)");
        // The new process is named ffmpeg once its box (unshare, prlimit, nice) has exec'd into it.
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => FfmpegChildren().Contains(transcoder.ProcessId), EventualMs),
            "the restarted ffmpeg is not a child of the gateway");
        Assert.NotEqual(killed, transcoder.ProcessId);
        Assert.DoesNotContain(killed, FfmpegChildren());

        // The old ffmpeg is dead, so frames decoded from here on came out of the new one.
        var after = await InboundRtpProbe.ReadAsync(page);
        var later = await InboundRtpProbe.WaitForAsync(page, s => s.FramesDecoded >= after.FramesDecoded + 50, AfterRestartLimit);
        Assert.True(later.FramesDecoded >= after.FramesDecoded + 50, $"decoding stopped after the kill: {after} then {later}");
        Assert.Equal(("video/H264", GStreamerFeeds.Width, GStreamerFeeds.Height), (later.VideoCodec, later.FrameWidth, later.FrameHeight));

        // Nothing else noticed: same viewer session and peer connection, one camera connection.
        // At least the one restart the kill caused (a loaded machine may stall the new run once more).
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__securestreamPeers.length"));
        Assert.Equal("playing", await page.EvaluateAsync<string>("() => document.body.dataset.state"));
        Assert.Single(playback.Gateway.Sessions.All);
        Assert.Same(transcoder, Assert.Single(hub.Snapshot()));
        Assert.True(transcoder.Restarts >= 1, $"{transcoder.Restarts} restart(s)");
        // One pull, and the camera saw only its connections: one, unless the camera (encoding H.265
        // in software beside ffmpeg and Chromium on two cores) stalled and the pull reconnected,
        // which the pull counts with its reason. A second pull would be a connection it did not count.
        var streams = playback.Gateway.Services.GetRequiredService<StreamHub>();
        var camera = new CameraPath("demo", GStreamerFeed.H265.StreamName());
        var pull = streams.GetStatistics(Assert.Single(streams.PullsOf(camera)))!;
        Assert.True(
            pull.SourceStarts == playback.Camera.Connections,
            $"the camera saw {playback.Camera.Connections} connection(s), the pull started its source {pull.SourceStarts} time(s) (last failure: {pull.LastFailure ?? "none"})");

        // Logged and audited: one transcoder.restarted record per restart, naming the camera and the conversion.
        IReadOnlyList<System.Text.Json.JsonElement> Restarts() =>
            [.. playback.Gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "transcoder.restarted")];
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => Restarts().Count == transcoder.Restarts, EventualMs),
            $"{Restarts().Count} transcoder.restarted record(s) for {transcoder.Restarts} restart(s)");
        var restart = Restarts()[0];
        Assert.Equal(GStreamerFeed.H265.StreamName(), restart.GetProperty("camera").GetString());
        Assert.Equal("h265->h264", restart.GetProperty("conversion").GetString());
        Assert.Equal(1, restart.GetProperty("restarts").GetInt32());
    }

    [Fact]
    public async Task PlayerPages_AacCamera_NoFfmpegUnwatchedOneSharedByTwoViewersGoneAfterTheLast()
    {
        await using var playback = await GStreamerPlayback.StartAsync(chromium);
        var hub = playback.Gateway.Services.GetRequiredService<TranscoderHub>();

        // Nobody watches: no pull, no transcoder. (Other tests' gateways may run ffmpeg in this
        // process, so the OS-level check below follows this gateway's own processes by id.)
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, hub.Running);
        Assert.Equal(0, playback.Camera.Connections);

        var first = await playback.OpenPlayerAsync(GStreamerFeed.H264Aac);
        await InboundRtpProbe.AssertSoundAsync(first, "audio/opus");
        var transcoder = Assert.Single(hub.Snapshot());
        var processId = transcoder.ProcessId;
        Assert.Contains(processId, FfmpegChildren());

        var second = await playback.OpenPlayerAsync(GStreamerFeed.H264Aac);
        await InboundRtpProbe.AssertSoundAsync(second, "audio/opus");
        Assert.Equal(2, playback.Gateway.Sessions.All.Count());
        Assert.Same(transcoder, Assert.Single(hub.Snapshot())); // shared: the second viewer started nothing
        Assert.Equal((1L, processId), (transcoder.Runs, transcoder.ProcessId));

        // The first leaves: the second keeps its sound from the same ffmpeg.
        await first.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => playback.Gateway.Sessions.All.Count() == 1, EventualMs), "the first viewer's session did not end");
        await InboundRtpProbe.AssertSoundAsync(second, "audio/opus");
        Assert.Same(transcoder, Assert.Single(hub.Snapshot()));
        Assert.Equal(processId, transcoder.ProcessId);
        Assert.Contains(processId, FfmpegChildren());

        // The last leaves: the transcoder stops and its ffmpeg is gone from the system, and stays gone.
        await second.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => hub.Running == 0, EventualMs), "the transcoder outlived its last viewer");
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => !FfmpegChildren().Contains(processId), EventualMs), "ffmpeg still runs after the last viewer left");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, hub.Running);
        Assert.DoesNotContain(processId, FfmpegChildren());
        Assert.Empty(playback.Gateway.Sessions.All);
    }

    /// <summary>
    /// Live children of this process named <c>ffmpeg</c>, from <c>/proc/*/stat</c> (<c>pid (comm) state ppid …</c>;
    /// comm is read up to the last parenthesis, as it may hold any byte). A killed child not yet reaped is a zombie: not live.
    /// </summary>
    private static HashSet<int> FfmpegChildren()
    {
        var self = Environment.ProcessId;
        var children = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!Path.GetFileName(directory).All(char.IsAsciiDigit))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // ended while listed, or not a process directory
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            if (stat[(open + 1)..close] == "ffmpeg" &&
                fields.Length > 1 &&
                fields[0] != "Z" &&
                int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
            {
                children.Add(int.Parse(stat[..open].Trim(), CultureInfo.InvariantCulture));
            }
        }

        return children;
    }
}
