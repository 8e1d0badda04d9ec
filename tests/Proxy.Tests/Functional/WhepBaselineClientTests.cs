using System.Globalization;
using System.Text.Json;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// An independent WebRTC stack (werift, tests/Proxy.Tests/Functional/werift) as a WHEP client that
/// offers only H.264 packetization-mode=1 without <c>profile-level-id</c> — RFC 6184's default,
/// Baseline 1.0 — plays a Constrained Baseline camera (which every Baseline decoder decodes):
/// what it receives decodes in ffmpeg at the camera's size.
/// </summary>
public sealed class WhepBaselineClientTests
{
    [Fact]
    public async Task WeriftOfferingOnlyBaseline_PlaysTheConstrainedBaselineCamera_FramesDecode()
    {
        var client = Path.Combine(RepositoryRoot.Find(), "tests", "Proxy.Tests", "Functional", "werift");
        Assert.True(
            Directory.Exists(Path.Combine(client, "node_modules", "werift")),
            "werift is not installed: run scripts/test.sh (npm ci --prefix tests/Proxy.Tests/Functional/werift)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera]);
        var link = gateway.SignedLink("demo/" + GStreamerFeed.H264ConstrainedBaseline.StreamName(), suffix: "/whep");
        var output = Path.Combine(Path.GetTempPath(), $"securestream-werift-{Guid.NewGuid():N}.h264");
        try
        {
            var run = await SampleProcess.RunAsync("node", ["whep-baseline.js", link, output, "4"], client, timeoutSeconds: 120);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var stats = JsonDocument.Parse(run.LastLine);
            var offered = Assert.Single(stats.RootElement.GetProperty("offerFmtp").EnumerateArray()).GetString()!;
            Assert.Contains("packetization-mode=1", offered, StringComparison.Ordinal);
            Assert.DoesNotContain("profile-level-id", offered, StringComparison.Ordinal);
            var answered = Assert.Single(stats.RootElement.GetProperty("answerFmtp").EnumerateArray()).GetString()!;
            Assert.DoesNotContain("profile-level-id", answered, StringComparison.Ordinal);
            Assert.True(stats.RootElement.GetProperty("keyframes").GetInt32() >= 1, run.ToString());

            // ffprobe decodes every frame the client received: the camera's size and many frames.
            var probe = await SampleProcess.RunAsync(
                "ffprobe",
                ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_read_frames", "-of", "csv=p=0", output],
                client);
            Assert.True(probe.ExitCode == 0, probe.ToString());
            var fields = probe.LastLine.Split(',');
            Assert.Equal((GStreamerFeeds.Width, GStreamerFeeds.Height), (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture)));
            Assert.True(int.Parse(fields[2], CultureInfo.InvariantCulture) >= 20, probe.ToString());
        }
        finally
        {
            File.Delete(output);
        }
    }
}
