using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>The demo server over real loopback sockets, against ffprobe/ffmpeg and a raw client.</summary>
public sealed partial class DemoCameraServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DemoCameraServer _server = new(
        new DemoCameraServerOptions { Port = 0 }, TimeProvider.System, NullLoggerFactory.Instance);

    public Task InitializeAsync() => _server.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Ffprobe_DemoCamera_SeesTheClipsH264AndPcmuStreams()
    {
        var url = _server.GetCameraUri("lobby").ToString();

        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            "ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_streams", "-of", "json", url], Deadline);

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var streams = json.RootElement.GetProperty("streams").EnumerateArray().ToArray();
        var video = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "video");
        var audio = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal(640, video.GetProperty("width").GetInt32());
        Assert.Equal(360, video.GetProperty("height").GetInt32());
        Assert.Equal("pcm_mulaw", audio.GetProperty("codec_name").GetString());
        Assert.Equal("8000", audio.GetProperty("sample_rate").GetString());
        Assert.Equal(1, audio.GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task Ffmpeg_ThreeSeconds_DecodesFramesWithoutErrors()
    {
        var url = _server.GetCameraUri("yard-1").ToString();

        var (exitCode, _, stderr) = await ExternalProcess.RunAsync(
            "ffmpeg", ["-hide_banner", "-nostats", "-v", "error", "-stats", "-rtsp_transport", "tcp", "-i", url, "-t", "3", "-f", "null", "-"], Deadline);

        Assert.True(exitCode == 0, stderr);
        var frames = FrameCount().Matches(stderr).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).LastOrDefault();
        Assert.True(frames > 25, $"ffmpeg decoded {frames} frames:\n{stderr}");
        var errorLines = stderr.Split('\n').Where(line => !line.StartsWith("frame=", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(line) && !line.Contains("size=", StringComparison.Ordinal));
        Assert.Empty(errorLines);
    }

    [Fact]
    public async Task Gstreamer_RtspSrc_NegotiatesAndDepayloadsBothTracks()
    {
        var url = _server.GetCameraUri("gate").ToString();

        // A second independent client (scripts/test.sh installs GStreamer): rtspsrc over TCP,
        // the RFC 6184 and PCMU depayloaders, then enough buffers on each branch to end.
        string[] pipeline =
        [
            "rtspsrc", $"location={url}", "protocols=tcp", "name=src",
            "src.", "!", "application/x-rtp,media=video", "!", "rtph264depay", "!", "h264parse", "!", "video/x-h264,alignment=au", "!", "fakesink", "num-buffers=30",
            "src.", "!", "application/x-rtp,media=audio", "!", "rtppcmudepay", "!", "mulawdec", "!", "fakesink", "num-buffers=30",
        ];
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("gst-launch-1.0", pipeline, Deadline);
        if (exitCode != 0 && (stdout + stderr).Contains("failed delayed linking", StringComparison.Ordinal))
        {
            // gst-launch links "src." to rtspsrc's pads as they appear; when the audio pad is
            // offered to the video branch first, its own delayed linking fails and the pipeline
            // never ends (gst_parse_no_more_pads). That race is in the client tool, not the server:
            // the same pipeline is run once more.
            (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("gst-launch-1.0", pipeline, Deadline);
        }

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains("Got EOS", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teardown_AfterPlaying_BringsActiveSessionsBackToZero()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        var url = _server.GetCameraUri("gate").ToString();

        await client.PlayAsync(url);
        var channels = new HashSet<int>();

        // Audio flows at once; video from the next keyframe (at most a second, 50 audio packets).
        for (var i = 0; i < 500 && !(channels.Contains(0) && channels.Contains(2)); i++)
        {
            channels.Add((await client.ReadPacketAsync()).Channel);
        }

        Assert.Equal(1, _server.ActiveSessions);
        var teardown = await client.RequestAsync("TEARDOWN", url);

        Assert.Equal(200, teardown.Status);
        Assert.Equal(0, _server.ActiveSessions);
        Assert.Contains(0, channels); // video RTP
        Assert.Contains(2, channels); // audio RTP (1 and 3 carry RTCP sender reports)
    }

    [Fact]
    public async Task Play_VideoPackets_StartOnAKeyframeWithTheMarkerOnEachAccessUnitsLastPacket()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        await client.PlayAsync(_server.GetCameraUri("lobby").ToString());

        var video = new List<byte[]>();
        while (video.Count < 60)
        {
            var (channel, packet) = await client.ReadPacketAsync();
            if (channel == 0)
            {
                video.Add(packet);
            }
        }

        // First packet: the SPS of a keyframe (RFC 6184 single NAL unit packet, type 7).
        Assert.Equal(7, video[0][12] & 0x1F);
        Assert.All(video, p => Assert.InRange(p.Length - 12, 1, 1200));
        for (var i = 1; i < video.Count; i++)
        {
            var previous = video[i - 1];
            var sequenceStep = (ushort)(((video[i][2] << 8) | video[i][3]) - ((previous[2] << 8) | previous[3]));
            Assert.Equal(1, sequenceStep);
            var timestampChanged = ReadTimestamp(video[i]) != ReadTimestamp(previous);
            Assert.Equal(timestampChanged, (previous[1] & 0x80) != 0);
        }
    }

    [Fact]
    public async Task Garbage_Gets400AndClose_WhileAnotherClientKeepsReceiving()
    {
        await using var viewer = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        await viewer.PlayAsync(_server.GetCameraUri("lobby").ToString());
        await viewer.ReadPacketAsync();

        await using var attacker = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        await attacker.SendRawAsync([.. "\x16\x03\x01 garbage\0\r\n\r\n"u8]);
        var response = await attacker.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.True(await attacker.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        for (var i = 0; i < 50; i++)
        {
            await viewer.ReadPacketAsync();
        }

        Assert.Equal(1, _server.ActiveSessions);
    }

    [Fact]
    public async Task OversizedHead_Gets400AndClose()
    {
        await using var attacker = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);

        await attacker.SendRawAsync(Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nX: " + new string('a', 10_000)));
        var response = await attacker.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.True(await attacker.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("/other/lobby")]
    [InlineData("/demo/")]
    [InlineData("/demo/%2e%2e")]
    [InlineData("/demo/.hidden")]
    [InlineData("/demo/lobby/trackID=7")]
    public async Task Describe_PathOutsideDemoCameras_Is404(string path)
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);

        var response = await client.RequestAsync("DESCRIBE", $"rtsp://{_server.LocalEndPoint}{path}");

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Describe_AnyName_AnswersSdpWithH264AndPcmu()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);

        var response = await client.RequestAsync("DESCRIBE", _server.GetCameraUri("cam-0042").ToString());

        Assert.Equal(200, response.Status);
        Assert.Equal("application/sdp", response.Headers["Content-Type"]);
        Assert.Contains("a=rtpmap:96 H264/90000", response.Body, StringComparison.Ordinal);
        Assert.Matches("a=fmtp:96 packetization-mode=1;profile-level-id=42c01e;sprop-parameter-sets=Z[A-Za-z0-9+/=]+,aM[A-Za-z0-9+/=]+\r\n", response.Body);
        Assert.Contains("a=rtpmap:0 PCMU/8000", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_UdpOfferedBeforeInterleaved_ChoosesTheInterleavedOnTheClientsChannels()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        var url = _server.GetCameraUri("lobby") + "/trackID=0";

        var response = await client.RequestAsync("SETUP", url, "Transport: RTP/AVP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=6-7");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("RTP/AVP/TCP;unicast;interleaved=6-7;", response.Headers["Transport"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RTP/AVP;unicast;client_port=5000-5001")]
    [InlineData("RTP/AVP/TCP;unicast;interleaved=255")]
    [InlineData("RTP/AVP/TCP;unicast;interleaved=x-1")]
    [InlineData("RTP/AVP/TCP;multicast;interleaved=0-1")]
    public async Task Setup_NoUsableInterleavedOffer_Is461(string transport)
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        var url = _server.GetCameraUri("lobby") + "/trackID=0";

        var response = await client.RequestAsync("SETUP", url, "Transport: " + transport);

        Assert.Equal(461, response.Status);
        Assert.Equal(0, _server.ActiveSessions);
    }

    [Fact]
    public async Task Play_WrongSession_Is454()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        var url = _server.GetCameraUri("lobby").ToString();
        await client.RequestAsync("SETUP", url + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");

        client.SessionId = "0000";
        var response = await client.RequestAsync("PLAY", url);

        Assert.Equal(454, response.Status);
    }

    [Fact]
    public async Task Disconnect_WithoutTeardown_EndsTheSession()
    {
        var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        await client.PlayAsync(_server.GetCameraUri("lobby").ToString());
        Assert.Equal(1, _server.ActiveSessions);

        await client.DisposeAsync();

        await WaitUntilAsync(() => _server.ActiveSessions == 0 && _server.ActiveConnections == 0);
    }

    [Fact]
    public async Task FiftyCameras_OnDifferentPaths_AllReceivePackets()
    {
        var clients = new List<RtspTestClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
                clients.Add(client);
                await client.PlayAsync(_server.GetCameraUri($"bench-{i:D4}").ToString());
            }

            Assert.Equal(50, _server.ActiveSessions);
            // Readers on the thread pool: xunit's synchronization context has one thread per core.
            await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                var videoPackets = 0;
                while (videoPackets < 20)
                {
                    if ((await client.ReadPacketAsync()).Channel == 0)
                    {
                        videoPackets++;
                    }
                }
            }))).WaitAsync(Deadline);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        await WaitUntilAsync(() => _server.ActiveSessions == 0);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimit_AreClosedOnAccept()
    {
        await using var limited = new DemoCameraServer(
            new DemoCameraServerOptions { Port = 0, MaxConnections = 1 }, TimeProvider.System, NullLoggerFactory.Instance);
        await limited.StartAsync(CancellationToken.None);
        await using var first = await RtspTestClient.ConnectAsync(limited.LocalEndPoint);
        Assert.Equal(200, (await first.RequestAsync("OPTIONS", "*")).Status);

        await using var second = await RtspTestClient.ConnectAsync(limited.LocalEndPoint);

        Assert.True(await second.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(200, (await first.RequestAsync("OPTIONS", "*")).Status);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private static uint ReadTimestamp(byte[] rtp) => (uint)((rtp[4] << 24) | (rtp[5] << 16) | (rtp[6] << 8) | rtp[7]);

    [GeneratedRegex(@"frame=\s*(\d+)")]
    private static partial Regex FrameCount();
}
