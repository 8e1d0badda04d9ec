using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.DemoCameras;
using SecureStream.Media.Transcoding;
using SecureStream.Media.Transcoding.MpegTs;
using static SecureStream.Media.Tests.Transcoding.TranscoderTestKit;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>The box: ffmpeg cannot reach the network, whatever it is told, and nothing runs when the box cannot be built.</summary>
[Collection(FfmpegTests.Name)]
public sealed class FfmpegBoxTests
{
    [Fact]
    public async Task StartArgumentsAsync_TcpInput_RefusedByTheWhitelistAndByTheNamespaceAlone()
    {
        using var listener = new CountingListener();
        var url = $"tcp://127.0.0.1:{listener.Port}";
        var box = Box(Options());

        // Control: the same ffmpeg outside the box does connect, so the listener would see an attempt.
        var (unboxedExit, _, _) = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-protocol_whitelist", "tcp", "-f", "mpegts", "-i", url, "-f", "null", "-"], TimeSpan.FromMinutes(1));
        await CountingListener.SettleAsync();
        Assert.Equal(1, listener.Connections);

        // In the box with the whitelist a job always gets: refused before any socket.
        var (whitelistExit, whitelistError) = await RunBoxedAsync(box, ["-protocol_whitelist", "pipe", "-f", "mpegts", "-i", url, "-f", "null", "-"]);

        // In the box with a whitelist that allows tcp: the network namespace alone refuses it.
        var (namespaceExit, namespaceError) = await RunBoxedAsync(box, ["-protocol_whitelist", "tcp", "-f", "mpegts", "-i", url, "-f", "null", "-"]);

        await CountingListener.SettleAsync();
        Assert.Equal(1, listener.Connections); // still only the unboxed control's
        Assert.NotEqual(0, whitelistExit);
        Assert.Contains("not on whitelist", whitelistError, StringComparison.Ordinal);
        Assert.NotEqual(0, namespaceExit);
        Assert.Contains("unreachable", namespaceError, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, unboxedExit); // it connected, then the listener hung up
    }

    [Fact]
    public void ToArguments_JobNamingAUrlOrAnInput_RefusedBeforeAnythingRuns()
    {
        var withUrl = new FfmpegJob("mpegts", ["-i", "tcp://127.0.0.1:1"], [], "mpegts");
        var withWhitelist = new FfmpegJob("mpegts", ["-protocol_whitelist", "tcp"], [], "mpegts");
        var withUrlValue = new FfmpegJob("mpegts", [], ["-metadata", "x=rtsp://camera"], "mpegts");
        var badFormat = new FfmpegJob("mpegts -i x", [], [], "mpegts");

        Assert.Throws<InvalidOperationException>(() => withUrl.ToArguments(1));
        Assert.Throws<InvalidOperationException>(() => withWhitelist.ToArguments(1));
        Assert.Throws<InvalidOperationException>(() => withUrlValue.ToArguments(1));
        Assert.Throws<ArgumentException>(() => badFormat.ToArguments(1));
    }

    [Fact]
    public void ToArguments_AnyJob_PipesOnlyFormatsPinnedQuiet()
    {
        var arguments = new FfmpegJob("mpegts", ["-copyts"], ["-c:a", "libopus"], "mpegts").ToArguments(1);

        Assert.Equal(["-protocol_whitelist", "pipe", "-f", "mpegts"], arguments.SkipWhile(a => a != "-protocol_whitelist").Take(4));
        Assert.Equal(["-i", "pipe:0"], arguments.SkipWhile(a => a != "-i").Take(2));
        Assert.Equal(["-f", "mpegts", "pipe:1"], arguments.TakeLast(3));
        Assert.Equal(2, arguments.Count(a => a.Contains(':', StringComparison.Ordinal) && a.StartsWith("pipe", StringComparison.Ordinal)));
        Assert.Contains("error", arguments);
    }

    [Theory]
    [InlineData("/nonexistent/ffmpeg", "ffmpeg_missing")]
    [InlineData("/bin/false", "sandbox_unavailable")]
    public async Task StartAsync_BoxCannotRunFfmpeg_FailsClosedWithTheReason(string ffmpegPath, string reason)
    {
        var options = Options(o => o.FfmpegPath = ffmpegPath);
        var box = Box(options);
        await using var hub = Hub(o => o.FfmpegPath = ffmpegPath);
        var job = new FfmpegJob("mpegts", [], [], "mpegts");

        Assert.Equal(reason, await box.UnavailableReasonAsync(CancellationToken.None));
        var refused = await Assert.ThrowsAsync<FfmpegUnavailableException>(() => box.StartAsync(job, CancellationToken.None));
        Assert.Equal(reason, refused.Reason);
        Assert.Equal(reason, (await box.RunOnceAsync(job, new byte[10], 1000, TimeSpan.FromSeconds(10), CancellationToken.None)).Failure);

        // The hub's probe ran in the background: once it answered, no viewer is offered transcoding.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (hub.CannotProduce(TranscodingFixtures.AacTrack(), MediaCodec.Opus) is null)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal(TranscodingReasons.Unavailable, hub.CannotProduce(TranscodingFixtures.AacTrack(), MediaCodec.Opus));
    }

    [Fact]
    public async Task RunOnceAsync_H265Keyframe_OneJpegAtTheSourceSize()
    {
        var box = Box(Options());
        var keyframe = (await TranscodingFixtures.H265AccessUnitsAsync()).First(unit => unit.Keyframe);
        var input = new ArrayBufferWriter<byte>();
        var writer = new MpegTsWriter(MpegTsStreamType.H265);
        writer.WriteTables(input);
        writer.WritePes(keyframe.Units.SelectMany(unit => (byte[])[0, 0, 0, 1, .. unit]).ToArray(), 90_000, true, input);
        var job = new FfmpegJob("mpegts", [], ["-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5"], "image2pipe");

        var result = await box.RunOnceAsync(job, input.WrittenMemory, 1 << 20, TimeSpan.FromSeconds(30), CancellationToken.None);
        var tooSmall = await box.RunOnceAsync(job, input.WrittenMemory, 100, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(result.Failure is null, $"{result.Failure}: {result.Diagnostics}");
        var jpeg = result.Output!;
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        var sof = Enumerable.Range(2, jpeg.Length - 9).First(i => jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0);
        Assert.Equal(TranscodingFixtures.Height, (jpeg[sof + 5] << 8) | jpeg[sof + 6]);
        Assert.Equal(TranscodingFixtures.Width, (jpeg[sof + 7] << 8) | jpeg[sof + 8]);
        Assert.Equal("output_too_large", tooSmall.Failure);
    }

    private static async Task<(int ExitCode, string Stderr)> RunBoxedAsync(FfmpegBox box, string[] arguments)
    {
        await using var ffmpeg = await box.StartArgumentsAsync(["-hide_banner", "-loglevel", "error", "-rw_timeout", "5000000", .. arguments], CancellationToken.None);
        ffmpeg.Input.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exitCode = await ffmpeg.Exited.WaitAsync(deadline.Token);
        await Task.Delay(200); // the stderr tail catches up with the exit
        return (exitCode, ffmpeg.StderrTail);
    }

    /// <summary>A loopback listener that counts the connections it accepts (and closes them).</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public CountingListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        /// <summary>A moment for a connection already made to be accepted and counted.</summary>
        public static Task SettleAsync() => Task.Delay(500);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
