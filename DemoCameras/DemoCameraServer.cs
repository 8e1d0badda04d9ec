using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SecureStream.DemoCameras;

/// <summary>
/// A built-in RTSP server that plays the clips in the assembly as any number of cameras:
/// <c>rtsp://{address}:{port}/demo/{name}</c> for any name (<see cref="DemoClipLibrary.Resolve"/>
/// says which clip). Nothing is encoded at run time; one pacing loop feeds every session
/// (<see cref="DemoClipClock"/>). Interleaved TCP only. It counts its own sessions so tests and
/// benchmarks can assert how many camera connections the origin holds.
/// </summary>
public sealed partial class DemoCameraServer : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DemoRtspConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket? _handedOver;
    private Socket? _listener;
    private IPEndPoint? _localEndPoint;
    private Task? _acceptLoop;
    private int _activeSessions;
    private int _activeConnections;
    private int _stopped;

    internal DemoCameraServer(DemoCameraServerOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, DemoClipLibrary? clips = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options;
        TimeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DemoCameraServer>();
        Clips = clips ?? DemoClipLibrary.BuiltIn;
        Clock = new DemoClipClock(Clips, timeProvider, loggerFactory.CreateLogger<DemoClipClock>());
    }

    /// <summary>
    /// A server that serves on <paramref name="boundSocket"/>, a TCP socket the caller has already
    /// bound (listening or not), instead of binding <see cref="DemoCameraServerOptions.Address"/> and
    /// <see cref="DemoCameraServerOptions.Port"/>; the server owns and closes it. For a caller that
    /// must know the port before the server starts (a test writing it into the origin map): it holds
    /// the port from the start, where a port picked, released and bound later could be taken in between.
    /// </summary>
    internal DemoCameraServer(Socket boundSocket, DemoCameraServerOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, DemoClipLibrary? clips = null)
        : this(options, timeProvider, loggerFactory, clips)
    {
        ArgumentNullException.ThrowIfNull(boundSocket);
        _handedOver = boundSocket;
    }

    /// <summary>RTSP sessions set up and not yet torn down, timed out or disconnected.</summary>
    public int ActiveSessions => Volatile.Read(ref _activeSessions);

    /// <summary>Open client connections, with or without a session.</summary>
    public int ActiveConnections => Volatile.Read(ref _activeConnections);

    /// <summary>Where the server listens (the real port when <see cref="DemoCameraServerOptions.Port"/> is 0); only after <see cref="StartAsync"/>.</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint
        ?? throw new InvalidOperationException("The demo camera server has not been started.");

    /// <summary>The clips' names: each is a camera of its own (the demo wall shows one tile per clip).</summary>
    public IReadOnlyList<string> ClipNames => [.. Clips.Clips.Select(clip => clip.Name)];

    internal DemoCameraServerOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal DemoClipLibrary Clips { get; }

    internal DemoClipClock Clock { get; }

    /// <summary><c>rtsp://{LocalEndPoint}/demo/{cameraName}</c>.</summary>
    public Uri GetCameraUri(string cameraName) => DemoCameraUrls.ToRtspUri(LocalEndPoint, cameraName);

    /// <summary>Binds the listener (throws if the address or port cannot be used) and starts accepting.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_listener is not null)
        {
            throw new InvalidOperationException("The demo camera server is already started.");
        }

        var listener = _handedOver ?? Bind(IPAddress.Parse(Options.Address), Options.Port);
        listener.Listen(backlog: 512);
        _listener = listener;
        _localEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        Clock.Start();
        // On the thread pool, never on the caller's synchronization context (a test runner's or
        // a UI's): every connection and the clock would otherwise queue behind its few threads.
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token), CancellationToken.None);
        Log.Listening(_logger, LocalEndPoint, Clips.Clips.Count);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, closes every connection (their sessions end) and stops the clock.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken);
        }

        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken);
        await Clock.DisposeAsync();
        if (_listener is not null)
        {
            Log.Stopped(_logger, LocalEndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _listener?.Dispose();
        _handedOver?.Dispose();
        _stopping.Dispose();
    }

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal void OnSessionStarted() => Interlocked.Increment(ref _activeSessions);

    internal void OnSessionEnded() => Interlocked.Decrement(ref _activeSessions);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var connectionLogger = _loggerFactory.CreateLogger<DemoRtspConnection>();
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException exception)
            {
                // Out of descriptors or a reset before accept: keep serving the others.
                Log.AcceptFailed(_logger, exception.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider, CancellationToken.None);
                continue;
            }

            // Only this loop adds connections, so reading then incrementing cannot overshoot.
            if (Volatile.Read(ref _activeConnections) >= Options.MaxConnections)
            {
                Log.ConnectionLimitReached(_logger, Options.MaxConnections);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new DemoRtspConnection(socket, this, connectionLogger, cancellationToken);
            Interlocked.Increment(ref _activeConnections);
            _connections[connection] = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(DemoRtspConnection connection)
    {
        await Task.Yield(); // the accept loop runs on the thread pool, so this continues there
        try
        {
            await connection.RunAsync();
        }
#pragma warning disable CA1031 // A fault in one connection must not take the server (or its StopAsync) down.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ConnectionFailed(_logger, exception);
        }
        finally
        {
            Interlocked.Decrement(ref _activeConnections);
            _connections.TryRemove(connection, out _);
        }
    }
}
