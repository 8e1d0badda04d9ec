using System.Diagnostics;
using System.Globalization;

namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// A real camera: clients/GStreamerCamera/gst_rtsp_camera.py (GStreamer's RTSP server) in a child process
/// of Debian's /usr/bin/python3. It binds free ports itself (port 0) and reports them, and keeps
/// reporting how many RTSP clients are connected, which is the camera's own count of connections.
/// Killed on dispose.
/// </summary>
internal sealed class GStreamerCamera : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "secret";

    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _digestPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Queue<string> _stderr = new();
    private readonly List<string> _requests = [];
    private readonly List<string> _encoderEvents = [];
    private int _clients;
    private int _connections;
    private TaskCompletionSource _clientsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GStreamerCamera(Process process) => _process = process;

    public int Port => _port.Task.Result;

    public int DigestPort => _digestPort.Task.Result;

    /// <summary>RTSP clients connected right now, as the camera counts them.</summary>
    public int Clients => Volatile.Read(ref _clients);

    /// <summary>
    /// Every RTSP client that ever connected, as the camera counts them: a connection that came and
    /// went between two looks at <see cref="Clients"/> still shows here.
    /// </summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The path and query of every DESCRIBE the camera received (<c>/h264?channel=1</c>), in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// What the encoders named <c>enc</c> or <c>deafenc</c> reported, in order:
    /// <c>FORCE_KEY_UNIT /path</c> (a keyframe request reached it), <c>FORCE_KEY_UNIT_IGNORED /path</c>
    /// (dropped), <c>KEYFRAME /path n</c> (it wrote its frame n as a keyframe).
    /// </summary>
    public IReadOnlyList<string> EncoderEvents
    {
        get
        {
            lock (_lock)
            {
                return [.. _encoderEvents];
            }
        }
    }

    /// <summary>A launch line for an H.264 mount of the given picture size (10 fps, a keyframe a second).</summary>
    public static string H264Mount(int width, int height) =>
        $"videotestsrc is-live=true ! video/x-raw,width={width},height={height},framerate=10/1 ! "
        + "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 ! rtph264pay name=pay0 pt=96 config-interval=1";

    public Uri Url(string mount) => new($"rtsp://127.0.0.1:{Port}{mount}");

    public Uri Url(GStreamerFeed feed) => Url(feed.Mount());

    public Uri DigestUrl(string mount = "/secure") => new($"rtsp://127.0.0.1:{DigestPort}{mount}");

    /// <summary>The last lines the camera wrote to stderr, for failure messages.</summary>
    public string Diagnostics
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>
    /// Starts the camera; <paramref name="mounts"/> (<c>/path</c> → GStreamer launch line) replaces
    /// the default mounts (see <see cref="H264Mount"/>).
    /// </summary>
    /// <param name="shared">
    /// Every client of a mount joins one running pipeline whose encoder keeps its own cadence
    /// (<c>--shared --keep-cadence</c>): a client joining gets no keyframe it did not ask for.
    /// </param>
    public static async Task<GStreamerCamera> StartAsync(CancellationToken cancellationToken, int port = 0, IReadOnlyDictionary<string, string>? mounts = null, bool shared = false)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find(Python, "python3"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindScript());
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--user");
        start.ArgumentList.Add(User);
        start.ArgumentList.Add("--password");
        start.ArgumentList.Add(Password);
        if (shared)
        {
            start.ArgumentList.Add("--shared");
            start.ArgumentList.Add("--keep-cadence");
        }

        foreach (var (path, launch) in mounts ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add("--mount");
            start.ArgumentList.Add(path + "=" + launch);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Python);
        var camera = new GStreamerCamera(process);
        process.OutputDataReceived += (_, e) => camera.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => camera.OnError(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            // With mounts of its own the camera has no Digest-protected server, so no second port.
            Task ready = mounts is null ? Task.WhenAll(camera._port.Task, camera._digestPort.Task) : camera._port.Task;
            if (await Task.WhenAny(ready, exited) != ready)
            {
                throw new InvalidOperationException(
                    "the GStreamer camera exited (it needs the Debian packages python3-gi, gir1.2-gst-rtsp-server-1.0 and "
                    + "gstreamer1.0-plugins-base/good/bad/ugly; scripts/test.sh installs them): " + camera.Diagnostics);
            }

            return camera;
        }
        catch
        {
            await camera.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the camera reports exactly <paramref name="count"/> connected clients.</summary>
    public async Task WaitForClientsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_clients == count)
                {
                    return;
                }

                changed = _clientsChanged.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("REQUEST ", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                _requests.Add(line["REQUEST ".Length..]);
            }

            return;
        }

        if (line.StartsWith("FORCE_KEY_UNIT", StringComparison.Ordinal) || line.StartsWith("KEYFRAME ", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                _encoderEvents.Add(line);
            }

            return;
        }

        var parts = line.Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return;
        }

        switch (parts[0])
        {
            case "PORT":
                _port.TrySetResult(value);
                break;
            case "DIGEST_PORT":
                _digestPort.TrySetResult(value);
                break;
            case "CLIENTS":
                TaskCompletionSource changed;
                lock (_lock)
                {
                    // The camera reports every single connect, so each rise is one new client.
                    Volatile.Write(ref _connections, _connections + Math.Max(0, value - _clients));
                    _clients = value;
                    changed = _clientsChanged;
                    _clientsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed.TrySetResult();
                break;
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > 50)
            {
                _stderr.Dequeue();
            }
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "clients", "GStreamerCamera", "gst_rtsp_camera.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("clients/GStreamerCamera/gst_rtsp_camera.py not found above " + AppContext.BaseDirectory);
    }
}
