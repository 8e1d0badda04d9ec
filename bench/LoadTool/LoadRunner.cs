using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecureStream.ViewerClient;

namespace SecureStream.LoadTool;

/// <summary>
/// Runs one load: a baseline reading of the gateway without viewers, then either a fixed number of
/// viewers ramped up and held for the measurement window, or churn (viewers joining at a rate and
/// each leaving after its lifetime), then a reading after everything closed to look for leaks.
/// Prints a progress line each second. Bounded in time: every viewer stops by the end.
/// </summary>
internal sealed class LoadRunner : IDisposable
{
    private readonly LoadToolOptions _options;
    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly HttpClient[] _clients;
    private readonly ViewerIdentity _identity;
    private readonly List<(int Index, WebRtcViewer Viewer, Task<ViewerResult> Run)> _viewers = [];
    private readonly List<ProcSample> _window = [];
    private readonly Lock _lock = new();
    private string _stage = "baseline";
    private bool _measuring;

    public LoadRunner(LoadToolOptions options, TimeProvider timeProvider, TextWriter output)
    {
        _options = options;
        _time = timeProvider;
        _output = output;
        _clients = [.. Enumerable.Range(1, options.Sources).Select(i => CreateClient(options.Sources == 1 ? null : new IPAddress([127, 0, 0, (byte)i])))];

        // One certificate for every viewer, as one browser reuses its own: keys are not what is measured.
        _identity = ViewerIdentity.Generate(timeProvider);
    }

    /// <summary>
    /// After <see cref="RunAsync"/>: the SRTP profile each viewer's DTLS handshake settled on, counted
    /// ("AeadAes128Gcm × 200"; "none" for viewers that never completed DTLS).
    /// </summary>
    public string NegotiatedSrtpProfiles { get; private set; } = "";

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ProgressAsync(progressStop.Token);

        var baselineStart = Sample();
        await Task.Delay(_options.Baseline, _time, cancellationToken);
        var baselineEnd = Sample();
        await WarmUpAsync(cancellationToken);

        // Memory per viewer is counted from here: after the warm-up the camera is pulled and the
        // code that serves a viewer has run once, so what follows grows with viewers only.
        var warm = _options.WarmUp > TimeSpan.Zero ? Sample() : baselineEnd;

        ProcSample? start;
        ProcSample? end;
        int measuredViewers;
        if (_options.Churn is { } churn)
        {
            (start, end) = await ChurnAsync(churn, cancellationToken);
            measuredViewers = (int)Math.Round(churn * _options.Lifetime.TotalSeconds);
        }
        else
        {
            (start, end, measuredViewers) = await HoldAsync(cancellationToken);
        }

        SetStage("closing");
        var results = await Task.WhenAll(_viewers.Select(v => v.Run));

        // Sessions, sockets and camera connections should all be gone again. The viewers' pooled
        // HTTP connections are the gateway's descriptors too: close them before the reading.
        Dispose();
        SetStage("after");
        await Task.Delay(_options.Settle, _time, cancellationToken);
        var after = Sample();
        await progressStop.CancelAsync();
        await IgnoreCancellationAsync(progress);

        var reports = _viewers.Select((v, i) => LoadSummarizer.Report(v.Index, results[i])).ToList();
        NegotiatedSrtpProfiles = string.Join(", ", _viewers
            .GroupBy(v => v.Viewer.SrtpProfile ?? "none")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} × {g.Count()}"));
        GatewayCost? cost = null;
        if (_options.Pid is { } pid && baselineStart is not null && baselineEnd is not null && warm is not null && start is not null && end is not null && after is not null)
        {
            cost = LoadSummarizer.Cost(pid, baselineStart, baselineEnd, warm, start, end, _window, after, measuredViewers, steady: _options.Churn is null, _time);
        }
        else if (_options.Pid is { } gone)
        {
            await _output.WriteLineAsync($"warning: /proc/{gone} could not be read throughout the run: no gateway figures");
        }

        return new LoadReport(
            _options.Churn is null ? "fixed" : "churn",
            startedAt,
            _options.Churn is null ? _options.Viewers : _viewers.Count,
            _options.Ramp,
            _options.Churn,
            _options.Duration.TotalSeconds,
            LoadSummarizer.Summarize(reports),
            cost,
            reports);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    // One client per source address: the local address is bound before connecting.
    private static HttpClient CreateClient(IPAddress? source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }

    // One viewer, not counted, so that the camera is pulled before the measured viewers arrive
    // (S4's "warm" time to first keyframe): it plays until its first keyframe and then for the
    // warm-up time. An unwatched camera stays pulled for the gateway's UnusedStreamDeletionTimeout.
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (_options.WarmUp <= TimeSpan.Zero)
        {
            return;
        }

        SetStage("warm-up");
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var viewer = new WebRtcViewer(ViewerSignallingFactory.Create(_options, _clients[0], 0), ViewerOptions());
        var running = viewer.RunAsync(lifetime.Token);
        var began = _time.GetTimestamp();
        while (!viewer.SawKeyframe && !running.IsCompleted && _time.GetElapsedTime(began) < _options.ConnectTimeout * 3)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }

        lifetime.CancelAfter(_options.WarmUp);
        var result = await running;
        cancellationToken.ThrowIfCancellationRequested();
        await _output.WriteLineAsync(result.FirstKeyframe is { } keyframe
            ? string.Create(CultureInfo.InvariantCulture, $"warm-up viewer: first keyframe after {keyframe.TotalMilliseconds:F0} ms (not counted)")
            : $"warm-up viewer failed: {result.Failure ?? LoadSummarizer.NoKeyframe} (not counted)");
    }

    // Fixed mode: ramp up, wait until every viewer plays or failed, then measure for the duration.
    private async Task<(ProcSample? Start, ProcSample? End, int Viewers)> HoldAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SetStage("ramp");
        var interval = TimeSpan.FromSeconds(1 / _options.Ramp);
        for (var i = 0; i < _options.Viewers; i++)
        {
            Start(i, stop.Token);
            if (i + 1 < _options.Viewers)
            {
                await Task.Delay(interval, _time, cancellationToken);
            }
        }

        // Everyone connected (or gave up) before the window opens: the window measures steady state.
        var settle = _time.GetTimestamp();
        while (_viewers.Exists(v => !v.Run.IsCompleted && !v.Viewer.SawKeyframe)
            && _time.GetElapsedTime(settle) < (_options.ConnectTimeout * 3) + _options.Lifetime)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
        }

        SetStage("window");
        var playing = _viewers.Count(v => !v.Run.IsCompleted && v.Viewer.SawKeyframe);
        var start = Sample();
        Measuring(true);
        await Task.Delay(_options.Duration, _time, cancellationToken);
        Measuring(false);
        var end = Sample();
        SetStage("closing");
        await stop.CancelAsync();

        // The viewers hold the token until they have closed: only then may its source go.
        await Task.WhenAll(_viewers.Select(v => v.Run));
        return (start, end, playing);
    }

    // Churn mode (S4): viewers join at the rate for the duration, each leaving after its lifetime.
    private async Task<(ProcSample? Start, ProcSample? End)> ChurnAsync(double perSecond, CancellationToken cancellationToken)
    {
        SetStage("churn");
        var start = Sample();
        Measuring(true);
        var began = _time.GetTimestamp();
        var total = (int)Math.Round(perSecond * _options.Duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            // Scheduled against the start, so a slow start does not stretch the run.
            var due = TimeSpan.FromSeconds(i / perSecond) - _time.GetElapsedTime(began);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, _time, cancellationToken);
            }

            var lifetime = new CancellationTokenSource(_options.Lifetime, _time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, cancellationToken);
            Start(i, linked.Token, () =>
            {
                linked.Dispose();
                lifetime.Dispose();
            });
        }

        var remaining = _options.Duration - _time.GetElapsedTime(began);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, cancellationToken);
        }

        Measuring(false);
        return (start, Sample());
    }

    private void Start(int index, CancellationToken stopping, Action? whenDone = null)
    {
        var signalling = ViewerSignallingFactory.Create(_options, _clients[index % _clients.Length], index);
        var viewer = new WebRtcViewer(signalling, ViewerOptions());
        var run = Task.Run(async () =>
        {
            try
            {
                return await viewer.RunAsync(stopping);
            }
            finally
            {
                whenDone?.Invoke();
            }
        }, CancellationToken.None);
        lock (_lock)
        {
            _viewers.Add((index, viewer, run));
        }
    }

    private WebRtcViewerOptions ViewerOptions() => new()
    {
        Identity = _identity,
        ConnectTimeout = _options.ConnectTimeout,
        Audio = _options.Audio,
        AcceptLocalInterfaceCandidates = _options.JanusApi is not null,
        SrtpProfiles = _options.SrtpProfiles,
        TimeProvider = _time,
    };

    private async Task ProgressAsync(CancellationToken cancellationToken)
    {
        var began = _time.GetTimestamp();
        var lastBytes = 0L;
        ProcSample? last = Sample();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            List<(int Index, WebRtcViewer Viewer, Task<ViewerResult> Run)> viewers;
            lock (_lock)
            {
                viewers = [.. _viewers];
            }

            var bytes = viewers.Sum(v => v.Viewer.Bytes);
            var open = viewers.Count(v => !v.Run.IsCompleted);
            var playing = viewers.Count(v => !v.Run.IsCompleted && v.Viewer.SawKeyframe);
            var failed = viewers.Count(v => v.Run.IsCompletedSuccessfully && v.Run.Result.Failure is not null);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"[{_time.GetElapsedTime(began).TotalSeconds,4:F0}s] {Stage,-8} viewers {open,4} open {playing,4} playing {failed,4} failed | rx {(bytes - lastBytes) * 8 / 1e6,7:F1} Mbit/s");
            lastBytes = bytes;
            var sample = Sample();
            if (sample is not null && last is not null)
            {
                lock (_lock)
                {
                    if (_measuring)
                    {
                        _window.Add(sample);
                    }
                }

                line += string.Create(CultureInfo.InvariantCulture,
                    $" | gateway cpu {LoadSummarizer.Rate(last, sample, _time),5:F3} s/s rss {sample.ResidentBytes / 1048576.0,7:F1} MB threads {sample.Threads,3} sockets {sample.Sockets,4}");
            }

            last = sample;
            await _output.WriteLineAsync(line);
        }
    }

    private string Stage
    {
        get
        {
            lock (_lock)
            {
                return _stage;
            }
        }
    }

    private void SetStage(string stage)
    {
        lock (_lock)
        {
            _stage = stage;
        }
    }

    private void Measuring(bool on)
    {
        lock (_lock)
        {
            _measuring = on;
        }
    }

    private ProcSample? Sample()
    {
        if (_options.Pid is not { } pid)
        {
            return null;
        }

        try
        {
            return ProcReader.Read(pid, _time);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Debug.WriteLine($"/proc/{pid}: {exception.Message}");
            return null;
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
