using System.Diagnostics;
using System.Globalization;

namespace SecureStream.FirstFrame;

/// <summary>
/// A real camera with fixed keyframe intervals: tests/Interop/gst_rtsp_camera.py (GStreamer's RTSP
/// server, loopback only) with one shared mount per interval, <c>/k{seconds}</c>: 640x360, 25 fps,
/// x264 zero-latency, a keyframe every <c>25 × seconds</c> frames and never otherwise (no scene-cut
/// keyframes; x264enc does not act on keyframe requests, and the gateway sends it none). Each mount
/// is kept playing by an anchor client (<c>gst-launch-1.0 rtspsrc … ! fakesink</c>) so its encoder
/// runs on its own cadence, like a real camera: a gateway connecting later joins mid-GOP and must
/// wait for the next keyframe.
/// </summary>
internal sealed class KeyframeCamera : IAsyncDisposable
{
    private const int FramesPerSecond = 25;

    private readonly Process _server;
    private readonly List<Process> _anchors = [];

    private KeyframeCamera(Process server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static string MountOf(int keyframeIntervalSeconds) => "k" + keyframeIntervalSeconds.ToString(CultureInfo.InvariantCulture);

    public static async Task<KeyframeCamera> StartAsync(string repository, IReadOnlyList<int> intervalsSeconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(repository, "tests", "Interop", "gst_rtsp_camera.py"));
        start.ArgumentList.Add("--shared");
        foreach (var seconds in intervalsSeconds)
        {
            start.ArgumentList.Add("--mount");
            start.ArgumentList.Add($"/{MountOf(seconds)}={Launch(seconds)}");
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
            throw;
        }

        var camera = new KeyframeCamera(server, port);
        foreach (var seconds in intervalsSeconds)
        {
            camera.StartAnchor(seconds);
        }

        // Let the anchors connect and the encoders settle before anyone measures.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        if (camera._anchors.Any(a => a.HasExited))
        {
            await camera.DisposeAsync();
            throw new InvalidOperationException("a camera anchor (gst-launch-1.0 rtspsrc) exited; is the camera playing?");
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
    }

    private static string Launch(int seconds) =>
        "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 " +
        $"! x264enc tune=zerolatency speed-preset=ultrafast bitrate=1000 key-int-max={FramesPerSecond * seconds} option-string=scenecut=0 " +
        "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1";

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

    private void StartAnchor(int seconds)
    {
        var start = new ProcessStartInfo("gst-launch-1.0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-q", "rtspsrc", $"location=rtsp://127.0.0.1:{Port}/{MountOf(seconds)}", "protocols=tcp", "latency=0", "!", "fakesink", "sync=false"])
        {
            start.ArgumentList.Add(arg);
        }

        var anchor = Process.Start(start) ?? throw new InvalidOperationException("gst-launch-1.0 did not start");
        anchor.OutputDataReceived += (_, e) => { };
        anchor.ErrorDataReceived += (_, e) => { };
        anchor.BeginOutputReadLine();
        anchor.BeginErrorReadLine();
        _anchors.Add(anchor);
    }
}
