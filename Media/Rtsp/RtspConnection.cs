using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// One TCP (or TLS) connection to a camera: sends requests one at a time, and runs the single
/// receive loop that separates responses from interleaved RTP/RTCP frames. A response whose CSeq
/// is not the one awaited, or bytes the parser refuses, end the connection: a camera that cannot
/// keep to the protocol is not trusted to keep to anything else.
/// </summary>
/// <remarks>
/// A plain-TCP connection is read by a shared <see cref="RtspReceiveThread"/> where there is one
/// (RtspConnection.SharedReceive.cs); otherwise, and for RTSPS, by an asynchronous loop of its own.
/// </remarks>
internal sealed partial class RtspConnection : IAsyncDisposable
{
    // Headers (64 lines of 8 KB) plus the largest body must fit; beyond that the parser refuses anyway.
    private static readonly int MaxBufferSize = RtspLimits.Response.MaxMessageBytes;

    private const int InitialBufferSize = 16 * 1024;

    private const int IpProtocolTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] QuickAckOn = BitConverter.GetBytes(1);

    private readonly Socket _socket;

    // Null when the shared receive thread reads the socket: then nothing uses it asynchronously.
    private readonly Stream? _stream;
    private readonly RtspClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private TaskCompletionSource<RtspResponse>? _pending;
    private int _pendingCSeq;
    private int _nextCSeq;

    private RtspConnection(Socket socket, Stream? stream, RtspClientOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _stream = stream;
        _options = options;
        _time = time;
        _logger = logger;
        _readLoop = stream is null ? Task.CompletedTask : Task.Run(ReadLoopAsync);
    }

    /// <summary>Called from the receive loop for each interleaved frame; the payload is valid during the call only.</summary>
    public Action<byte, ReadOnlyMemory<byte>>? FrameReceived { get; set; }

    /// <summary>Completes with a reason code when the connection ends, whatever the cause.</summary>
    public Task<string> Completion => _completion.Task;

    public bool IsTls => _stream is SslStream;

    /// <summary>The camera's address as connected (UDP packets are accepted from it only).</summary>
    public System.Net.IPAddress? RemoteAddress
    {
        get
        {
            try
            {
                var address = (_socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address;
                return address is not null && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return null;
            }
        }
    }

    // Linux delays ACKs (up to ~40 ms) once we have written on the connection (our receiver
    // reports, keep-alives); a camera with Nagle on then holds the small tail of each frame until
    // that ACK arrives, and every viewer sees the frame late (measured: one 40 ms stall per report
    // interval). TCP_QUICKACK turns delayed ACKs off, but the kernel clears it again, so it is set
    // after every read. Not available elsewhere; there the stall stays.
    private void AcknowledgeQuickly()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, QuickAckOn);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The connection is closing; the next read reports it.
        }
        catch (ObjectDisposedException)
        {
            // As above.
        }
    }

    public static async Task<RtspConnection> ConnectAsync(Uri url, RtspClientOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var tls = url.Scheme == "rtsps";
        var port = url.IsDefaultPort || url.Port < 0 ? (tls ? 322 : 554) : url.Port;
        if (!tls && RtspReceiveThread.Pick(options.ReceiveMode, logger) is { } receiveThread)
        {
            return await ConnectForSharedThreadAsync(url, port, receiveThread, options, time, logger, cancellationToken);
        }

        var tcp = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Stream stream;
        try
        {
            await tcp.ConnectAsync(url.DnsSafeHost, port, linked.Token);
            stream = tcp.GetStream();
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = url.IdnHost,
                        RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                    },
                    linked.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new CameraSourceException(RtspFailureReasons.ConnectTimeout, "the camera did not accept a connection in time");
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            tcp.Dispose();
            throw new CameraSourceException(RtspFailureReasons.TlsFailed, "the camera's TLS handshake failed", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            tcp.Dispose();
            throw new CameraSourceException(RtspFailureReasons.ConnectFailed, "the camera refused the connection", ex);
        }

        Log.Connected(logger, url.Host, port, tls);
        return new RtspConnection(tcp.Client, stream, options, time, logger);
    }

    /// <summary>Sends a request and waits (bounded by the response timeout) for its response.</summary>
    public async Task<RtspResponse> SendAsync(RtspRequest request, string? session, CancellationToken cancellationToken)
    {
        await _requestLock.WaitAsync(cancellationToken);
        try
        {
            var cseq = Interlocked.Increment(ref _nextCSeq);
            if (!RtspRequestWriter.TryWrite(request, cseq, session, _options.UserAgent, out var bytes))
            {
                throw new CameraSourceException(RtspFailureReasons.UnsafeRequest, "a request value carried a line break or control character");
            }

            var pending = new TaskCompletionSource<RtspResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_completion)
            {
                if (_completion.Task.IsCompleted)
                {
                    throw new CameraSourceException(_completion.Task.Result, "the camera connection is closed");
                }

                _pending = pending;
                _pendingCSeq = cseq;
            }

            await WriteAsync(bytes, cancellationToken);
            using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await pending.Task.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Close(RtspFailureReasons.ResponseTimeout);
                throw new CameraSourceException(RtspFailureReasons.ResponseTimeout, "the camera did not answer " + request.Method + " in time");
            }
        }
        finally
        {
            lock (_completion)
            {
                _pending = null;
            }

            _requestLock.Release();
        }
    }

    /// <summary>Sends one interleaved frame (RFC 2326 §10.12), e.g. an RTCP receiver report.</summary>
    public async Task SendFrameAsync(byte channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var bytes = new byte[4 + payload.Length];
        bytes[0] = RtspInterleavedFrameParser.Marker;
        bytes[1] = channel;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)payload.Length);
        payload.CopyTo(bytes.AsMemory(4));
        await WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Ends the connection with a reason (the first reason given wins).</summary>
    public void Close(string reason)
    {
        TaskCompletionSource<RtspResponse>? pending;
        lock (_completion)
        {
            if (!_completion.TrySetResult(reason))
            {
                return;
            }

            pending = _pending;
        }

        pending?.TrySetException(new CameraSourceException(reason, "the camera connection ended: " + reason));
        _closing.Cancel();

        // Out of the shared thread's set before the socket closes (its number may be reused), and
        // not inside this connection's handler any more once this returns (see RtspReceiveRegistration).
        Volatile.Read(ref _registration)?.Remove();

        // Shut down first: the runtime closes a socket another thread is still inside (a blocking
        // send just returning) abortively, with a reset the camera sees; after a shutdown it closes
        // it with a FIN like any other.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Not connected (any more): nothing to shut down.
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Close(RtspFailureReasons.Closed);
        try
        {
            await _readLoop;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the socket under the read loop is how it stops.
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _closing.Dispose();
        _writeLock.Dispose();
        _requestLock.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_stream is null)
            {
                await SendBlockingAsync(bytes);
            }
            else
            {
                await _stream.WriteAsync(bytes, cancellationToken);
                await _stream.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            Close(RtspFailureReasons.ConnectionClosed);
            throw new CameraSourceException(RtspFailureReasons.ConnectionClosed, "the camera connection was lost", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        // Starts small (an interleaved packet is ≤ 1.5 KB from most cameras) and grows below when a
        // message or packet does not fit: a pulled camera holds this buffer for its whole pull.
        var buffer = new byte[InitialBufferSize];
        var count = 0;
        try
        {
            while (true)
            {
                if (!TryMakeRoom(ref buffer, count))
                {
                    Close(RtspFailureReasons.ProtocolError);
                    return;
                }

                var read = await _stream!.ReadAsync(buffer.AsMemory(count), _closing.Token);
                if (read == 0)
                {
                    Close(RtspFailureReasons.ConnectionClosed);
                    return;
                }

                if (!TakeReceived(buffer, ref count, read))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            Close(RtspFailureReasons.ConnectionClosed);
        }
#pragma warning disable CA1031 // The loop's last resort: a receiver that throws ends this camera's pull, never the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReceiveLoopFailed(_logger, ex);
            Close(RtspFailureReasons.ProtocolError);
        }
    }

    /// <summary>
    /// Handles <paramref name="read"/> new bytes after the <paramref name="count"/> kept ones (both
    /// read paths): acknowledges, parses, keeps the unparsed tail at the start. False once the
    /// connection was closed while parsing.
    /// </summary>
    private bool TakeReceived(byte[] buffer, ref int count, int read)
    {
        count += read;
        AcknowledgeQuickly();
        var consumed = Process(buffer, count);
        if (consumed < 0)
        {
            return false;
        }

        Buffer.BlockCopy(buffer, consumed, buffer, 0, count - consumed);
        count -= consumed;
        return true;
    }

    // Grows a full buffer; false when it is full at MaxBufferSize. The parser bounds what it waits
    // for, so growth stops there.
    private static bool TryMakeRoom(ref byte[] buffer, int count)
    {
        if (count < buffer.Length)
        {
            return true;
        }

        if (buffer.Length >= MaxBufferSize)
        {
            return false;
        }

        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBufferSize));
        return true;
    }

    // Returns the bytes consumed, or -1 when the connection was closed for a protocol violation.
    private int Process(byte[] buffer, int count)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, count));
        while (!reader.End)
        {
            if (RtspInterleavedFrameParser.IsFrameStart(reader))
            {
                var offset = (int)reader.Consumed + 4;
                if (!RtspInterleavedFrameParser.TryParse(ref reader, out var channel, out var payload))
                {
                    break;
                }

                FrameReceived?.Invoke(channel, buffer.AsMemory(offset, (int)payload.Length));
                continue;
            }

            if (!RtspMessageParser.TryParseResponse(ref reader, out var response, out var error))
            {
                if (error == RtspParseError.None)
                {
                    break;
                }

                Log.ResponseRefused(_logger, error);
                Close(RtspFailureReasons.ProtocolError);
                return -1;
            }

            if (!Deliver(response!))
            {
                return -1;
            }
        }

        return (int)reader.Consumed;
    }

    private bool Deliver(RtspResponse response)
    {
        TaskCompletionSource<RtspResponse>? pending;
        lock (_completion)
        {
            pending = _pending is not null && response.CSeq == _pendingCSeq ? _pending : null;
            if (pending is not null)
            {
                _pending = null;
            }
        }

        if (pending is null)
        {
            // RFC 2326 §12.17: the response must carry the request's CSeq. Anything else is a response
            // to nothing, or to a request this client never sent.
            Log.UnexpectedCSeq(_logger, response.CSeq, _pendingCSeq);
            Close(RtspFailureReasons.WrongCSeq);
            return false;
        }

        pending.TrySetResult(response);
        return true;
    }
}
