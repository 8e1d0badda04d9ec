using System.Diagnostics;
using System.Globalization;

namespace SecureStream.FirstFrame;

/// <summary>
/// A camera whose encoder runs on its own cadence and cannot be asked for a keyframe, like many real
/// cameras: per interval, an encoder process (<c>gst-launch-1.0 videotestsrc ! x264enc ! shmsink</c>:
/// 640x360, 25 fps, x264 zero-latency, a keyframe every <c>25 × seconds</c> frames and never otherwise,
/// no scene-cut keyframes) feeds, through shared memory, clients/GStreamerCamera/gst_rtsp_camera.py (GStreamer's
/// RTSP server, loopback only) with one shared mount per interval, <c>/k{seconds}</c>. The process
/// boundary is the point: with the encoder in the mount's own pipeline every new RTSP session got
/// a fresh keyframe at once (most likely a force-key-unit event sent upstream on join, which
/// x264enc obeys), so a cold start never waited for the cadence; no upstream event crosses shared
/// memory. Each mount is also kept
/// playing by an anchor client (<c>gst-launch-1.0 rtspsrc … ! fakesink</c>), so a gateway connecting
/// later joins mid-GOP, as it would on a real camera, and waits for the next keyframe.
/// With <c>honoursRequests</c> the encoder is instead inside each mount's pipeline, named <c>enc</c>,
/// served with <c>--shared --keep-cadence</c>: GStreamer's RTP session turns an RTCP PLI or FIR into
/// a force-key-unit event that reaches x264enc, while a client joining still gets no keyframe it did
/// not ask for (the camera's PLAY does not flush the encoder). That is a camera that honours PLI.
/// </summary>
internal sealed class KeyframeCamera : IAsyncDisposable
{
    private const int FramesPerSecond = 25;

    private readonly Process _server;
    private readonly IReadOnlyList<Process> _encoders;
    private readonly DirectoryInfo _sockets;
    private readonly List<Process> _anchors = [];

    private KeyframeCamera(Process server, IReadOnlyList<Process> encoders, DirectoryInfo sockets, int port)
    {
        _server = server;
        _encoders = encoders;
        _sockets = sockets;
        Port = port;
    }

    public int Port { get; }

    public static string MountOf(int keyframeIntervalSeconds) => "k" + keyframeIntervalSeconds.ToString(CultureInfo.InvariantCulture);

    public static async Task<KeyframeCamera> StartAsync(string repository, IReadOnlyList<int> intervalsSeconds, bool honoursRequests, CancellationToken cancellationToken)
    {
        var sockets = Directory.CreateTempSubdirectory("securestream-camera-");
        var encoders = honoursRequests ? [] : intervalsSeconds.Select(seconds => StartGst(Encoder(seconds, SocketOf(sockets, seconds)))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(repository, "clients", "GStreamerCamera", "gst_rtsp_camera.py"));
        start.ArgumentList.Add("--shared");
        if (honoursRequests)
        {
            start.ArgumentList.Add("--keep-cadence");
        }

        foreach (var seconds in intervalsSeconds)
        {
            start.ArgumentList.Add("--mount");
            start.ArgumentList.Add($"/{MountOf(seconds)}={(honoursRequests ? EncodingMount(seconds) : Mount(SocketOf(sockets, seconds)))}");
        }

        var server = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        server.ErrorDataReceived += (_, e) => { };
        server.BeginErrorReadLine();
        int port;
        try
        {
            port = await ReadPortAsync(server, cancellationToken);
        }
        catch
        {
            await StopAsync(server);
            foreach (var encoder in encoders)
            {
                await StopAsync(encoder);
            }

            throw;
        }

        var camera = new KeyframeCamera(server, encoders, sockets, port);
        // Ctrl-C or a kill of the tool must not leave encoders and RTSP servers behind.
        Console.CancelKeyPress += (_, _) => camera.KillNow();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => camera.KillNow();
        foreach (var seconds in intervalsSeconds)
        {
            camera.StartAnchor(seconds);
        }

        // Let the anchors connect and the encoders settle before anyone measures.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        if (camera._anchors.Concat(camera._encoders).Any(p => p.HasExited))
        {
            await camera.DisposeAsync();
            throw new InvalidOperationException("a camera encoder or anchor (gst-launch-1.0) exited; is the camera playing?");
        }

        return camera;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var anchor in _anchors)
        {
            await StopAsync(anchor);
        }

        await StopAsync(_server);
        foreach (var encoder in _encoders)
        {
            await StopAsync(encoder);
        }

        try
        {
            _sockets.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A socket still held by a dying process: the OS cleans temporary folders.
        }
    }

    private void KillNow()
    {
        foreach (var process in _anchors.Concat(_encoders).Append(_server))
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited, or already disposed by DisposeAsync.
            }
        }
    }

    private static string SocketOf(DirectoryInfo sockets, int seconds) => Path.Combine(sockets.FullName, MountOf(seconds));

    private static string[] Encoder(int seconds, string socket) =>
    [
        "-q", "videotestsrc", "is-live=true", "pattern=ball", "!", "video/x-raw,width=640,height=360,framerate=25/1",
        "!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "bitrate=1000", $"key-int-max={FramesPerSecond * seconds}", "option-string=scenecut=0",
        "!", "video/x-h264,profile=constrained-baseline,stream-format=byte-stream,alignment=au",
        "!", "shmsink", $"socket-path={socket}", "wait-for-connection=false", "sync=false", "shm-size=20000000",
    ];

    private static string EncodingMount(int seconds) =>
        "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
        + $"! x264enc name=enc tune=zerolatency speed-preset=ultrafast bitrate=1000 key-int-max={FramesPerSecond * seconds} option-string=scenecut=0 "
        + "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1";

    private static string Mount(string socket) =>
        $"shmsrc socket-path={socket} is-live=true do-timestamp=true " +
        "! video/x-h264,stream-format=byte-stream,alignment=au,framerate=25/1 ! h264parse config-interval=-1 " +
        "! rtph264pay name=pay0 pt=96 config-interval=-1";

    private static async Task<int> ReadPortAsync(Process server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("PORT ", StringComparison.Ordinal))
            {
                var port = int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture);
                // Keep reading (CLIENTS lines) so the pipe never fills.
                _ = DrainAsync(server.StandardOutput);
                return port;
            }
        }

        throw new InvalidOperationException("the GStreamer camera exited before it listened");
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null)
        {
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static Process StartGst(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("gst-launch-1.0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("gst-launch-1.0 did not start");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void StartAnchor(int seconds) =>
        _anchors.Add(StartGst(["-q", "rtspsrc", $"location=rtsp://127.0.0.1:{Port}/{MountOf(seconds)}", "protocols=tcp", "latency=0", "!", "fakesink", "sync=false"]));
}
