using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// The connection read by a shared <see cref="RtspReceiveThread"/>: connected with a blocking
/// call, written with blocking sends, read with non-blocking <c>recv</c> when the thread's epoll
/// set says so. The socket never does an asynchronous operation: the runtime would otherwise add
/// it to its own epoll set for good, and every burst from the camera would wake the runtime's
/// sockets event thread again.
/// </summary>
internal sealed partial class RtspConnection : IRtspReceiveTarget
{
    private RtspReceiveRegistration? _registration;

    // The receive buffer on the shared path (the asynchronous loop keeps its own); touched only by
    // the receive thread, inside the registration's turn.
    private byte[] _received = [];
    private int _receivedCount;

    private static async Task<RtspConnection> ConnectForSharedThreadAsync(
        Uri url, int port, RtspReceiveThread receiveThread, RtspClientOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        // A camera that stops reading must not hold a writer (a request, a receiver report) forever.
        socket.SendTimeout = (int)Math.Clamp(options.ResponseTimeout.TotalMilliseconds, 1, int.MaxValue);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // A blocking connect on a thread of its own (once per pull); closing the socket ends it.
        var connect = Task.Factory.StartNew(
            static state =>
            {
                var (s, host, p) = ((Socket, string, int))state!;
                s.Connect(host, p);
            },
            (socket, url.DnsSafeHost, port),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await connect.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Abandon(socket, connect);
            throw new CameraSourceException(RtspFailureReasons.ConnectTimeout, "the camera did not accept a connection in time");
        }
        catch (OperationCanceledException)
        {
            Abandon(socket, connect);
            throw;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            socket.Dispose();
            throw new CameraSourceException(RtspFailureReasons.ConnectFailed, "the camera refused the connection", ex);
        }

        Log.Connected(logger, url.Host, port, false);
        var connection = new RtspConnection(socket, stream: null, options, time, logger);
        if (!connection.Attach(receiveThread))
        {
            // The kernel refused the epoll registration (it does not for a connected TCP socket):
            // fail the start like a refused connection; the pull tries again.
            await connection.DisposeAsync();
            throw new CameraSourceException(RtspFailureReasons.ConnectFailed, "the camera connection could not be added to the receive thread");
        }

        return connection;
    }

    // Closing the socket ends the blocked connect; its outcome is no longer anyone's.
    private static void Abandon(Socket socket, Task connect)
    {
        socket.Dispose();
        _ = connect.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private bool Attach(RtspReceiveThread receiveThread)
    {
        _received = new byte[InitialBufferSize];
        var registration = receiveThread.TryRegister(_socket, this);
        if (registration is null)
        {
            return false;
        }

        Volatile.Write(ref _registration, registration);
        if (_completion.Task.IsCompleted)
        {
            // Closed between the registration and now: Close saw no registration to remove.
            registration.Remove();
        }

        return true;
    }

    void IRtspReceiveTarget.OnReadable()
    {
        try
        {
            if (!TryMakeRoom(ref _received, _receivedCount))
            {
                Close(RtspFailureReasons.ProtocolError);
                return;
            }

            var read = RtspReceiveThread.Receive(_socket, _received.AsSpan(_receivedCount));
            if (read == -1)
            {
                return;
            }

            if (read <= 0)
            {
                Close(RtspFailureReasons.ConnectionClosed);
                return;
            }

            TakeReceived(_received, ref _receivedCount, read);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            Close(RtspFailureReasons.ConnectionClosed);
        }
#pragma warning disable CA1031 // The handler's last resort: a receiver that throws ends this camera's pull, never the shared thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReceiveLoopFailed(_logger, ex);
            Close(RtspFailureReasons.ProtocolError);
        }
    }

    void IRtspReceiveTarget.OnReadingStopped() => Close(RtspFailureReasons.ConnectionClosed);

    // Blocking, like the connect (see the type's summary). Requests and reports are small and the
    // send timeout bounds a camera that stopped reading; a send asked for on the receive thread (a
    // keyframe request raised by a frame) moves to the pool first so it never holds the thread.
    private async Task SendBlockingAsync(ReadOnlyMemory<byte> bytes)
    {
        if (RtspReceiveThread.IsCurrentThread)
        {
            await Task.Yield();
        }

        var remaining = bytes;
        while (!remaining.IsEmpty)
        {
            remaining = remaining[_socket.Send(remaining.Span)..];
        }
    }
}
