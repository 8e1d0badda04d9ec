using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SecureStream.Policy.Access;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The ICE-TCP passive listener (RFC 6544) on the ICE port's number: accepts connections, reads
/// RFC 4571 frames and hands each to the port's router (<see cref="IIcePacketRouter.Process"/>) like
/// a UDP datagram.
/// </summary>
/// <remarks>
/// <para>Bounds (docs/playback.md, "ICE-TCP"): at most <see cref="IceEndpointOptions.MaxTcpConnections"/>
/// connections; of those, at most <see cref="IceEndpointOptions.MaxUnverifiedTcpConnections"/> without
/// a verified check, and at most <see cref="IceEndpointOptions.MaxUnverifiedTcpConnectionsPerAddress"/>
/// of those from one source (<see cref="IceTcpUnverifiedPool{T}"/>). An unverified connection is
/// closed after <see cref="IceEndpointOptions.TcpVerificationTimeout"/>, or at once when it sends a
/// frame longer than <see cref="MaxUnverifiedFrameSize"/>.</para>
/// <para>Security invariant: a connection refused on accept is closed before a byte is read; an
/// unverified connection buffers at most one STUN-sized frame, and only a verified check moves it
/// out of the unverified pool.</para>
/// </remarks>
internal sealed class IceTcpListener : IAsyncDisposable
{
    /// <summary>
    /// The longest frame read before the connection's first verified check. Only a Binding
    /// request can verify a connection (DTLS and SRTP from it are dropped until then), and a
    /// browser's is a few hundred bytes (USERNAME is at most 513); the read buffer never grows past this.
    /// </summary>
    public const int MaxUnverifiedFrameSize = 2048;

    /// <summary>Listening TCP backlog: connections the kernel queues before <see cref="AcceptAsync"/> takes them.</summary>
    private const int Backlog = 512;

    private readonly Socket _socket;
    private readonly IIcePacketRouter _router;
    private readonly IceEndpointOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<IceTransportAddress, IceTcpConnection> _connections = new();
    private readonly IceTcpUnverifiedPool<IceTcpConnection> _unverified;
    private Task _acceptLoop = Task.CompletedTask;

    private IceTcpListener(Socket listening, IIcePacketRouter router, IceEndpointOptions options, TimeProvider timeProvider)
    {
        _socket = listening;
        _router = router;
        _options = options;
        _timeProvider = timeProvider;
        _unverified = new IceTcpUnverifiedPool<IceTcpConnection>(options.MaxUnverifiedTcpConnections, options.MaxUnverifiedTcpConnectionsPerAddress);
    }

    /// <summary>
    /// Binds and listens on <paramref name="address"/>:<paramref name="port"/> (dual-stack on the IPv6
    /// any-address, like the UDP socket). Throws <see cref="SocketException"/> when the port is taken.
    /// </summary>
    public static IceTcpListener Bind(IPAddress address, int port, IIcePacketRouter router, IceEndpointOptions options, TimeProvider timeProvider)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new IceTcpListener(socket, router, options, timeProvider);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Connections open now, verified or not.</summary>
    public int Count => _connections.Count;

    /// <summary>Connections open now that have not brought a verified check.</summary>
    public int UnverifiedCount => _unverified.Count;

    /// <summary>Unverified connections one source holds now.</summary>
    public int UnverifiedFrom(IPAddress address) => _unverified.CountFrom(SourceAddress.KeyOf(address));

    public void Start(CancellationToken stopping) => _acceptLoop = Task.Run(() => AcceptAsync(stopping), CancellationToken.None);

    /// <summary>Writes one frame to the connection from <paramref name="remote"/>; false when there is none or the write failed.</summary>
    public ValueTask<bool> SendAsync(IceTransportAddress remote, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        _connections.TryGetValue(remote, out var connection)
            ? connection.SendFrameAsync(packet, cancellationToken)
            : ValueTask.FromResult(false);

    /// <summary>Sends a batch as consecutive RFC 4571 frames in one write; false when the connection is gone or the write failed.</summary>
    public ValueTask<bool> SendBatchAsync(IceTransportAddress remote, Batching.DatagramBatch batch, CancellationToken cancellationToken) =>
        _connections.TryGetValue(remote, out var connection)
            ? connection.SendFramesAsync(batch, cancellationToken)
            : ValueTask.FromResult(false);

    /// <summary>Closes every connection a session verified; their read loops then clean up.</summary>
    public void CloseConnectionsOf(IceSession session)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.Session == session)
            {
                connection.Close();
            }
        }
    }

    /// <summary>Stops accepting and closes every connection; call after the shared stopping token was cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }

        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _socket.AcceptAsync(stopping);
            }
            catch (SocketException) when (!stopping.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var remote = new IceTransportAddress(IceProtocol.Tcp, (IPEndPoint)socket.RemoteEndPoint!);
            var connection = new IceTcpConnection(socket, remote);
            var admission = _unverified.Admit(SourceAddress.KeyOf(remote.EndPoint.Address), connection, _connections.Count < _options.MaxTcpConnections, out var evicted);
            if (admission is IceTcpAdmission.RefusedOverShare or IceTcpAdmission.RefusedPoolFull)
            {
                _router.Drops.Increment(admission == IceTcpAdmission.RefusedOverShare ? IceDropReason.TcpSourceOverShare : IceDropReason.TooManyConnections);
                await connection.DisposeAsync();
                continue;
            }

            if (evicted is not null)
            {
                _router.Drops.Increment(IceDropReason.TcpEvicted);
                evicted.Close();
            }

            if (!_connections.TryAdd(remote, connection))
            {
                _unverified.Remove(connection);
                await connection.DisposeAsync();
                continue;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => RunAsync(connection, stopping), CancellationToken.None);
        }
    }

    private async Task RunAsync(IceTcpConnection connection, CancellationToken stopping)
    {
        using var verification = new CancellationTokenSource(_options.TcpVerificationTimeout, _timeProvider);
        using var unverified = CancellationTokenSource.CreateLinkedTokenSource(stopping, verification.Token);
        var response = new byte[IceLiteAgent.MaxResponseSize];
        byte[]? scratch = null;
        try
        {
            while (true)
            {
                var token = connection.Session is null ? unverified.Token : stopping;
                var read = await connection.Reader.ReadAsync(token);
                var buffer = read.Buffer;
                FrameReadResult result;
                while ((result = ReadFrame(ref buffer, connection.Session is null, out var frame)) == FrameReadResult.Complete)
                {
                    ReadOnlyMemory<byte> packet;
                    if (frame.IsSingleSegment)
                    {
                        packet = frame.First;
                    }
                    else
                    {
                        scratch ??= new byte[Rfc4571Framing.MaxFrameSize];
                        frame.CopyTo(scratch);
                        packet = scratch.AsMemory(0, (int)frame.Length);
                    }

                    var responseLength = _router.Process(packet, connection.Remote, response, out var verifiedFor);
                    if (verifiedFor is not null && connection.Session is null)
                    {
                        connection.Session = verifiedFor;
                        _unverified.Remove(connection);
                    }

                    if (responseLength > 0 && !await connection.SendFrameAsync(response.AsMemory(0, responseLength), stopping))
                    {
                        return;
                    }
                }

                if (result == FrameReadResult.Invalid)
                {
                    _router.Drops.Increment(connection.Session is null && buffer.Length >= Rfc4571Framing.LengthPrefixSize && PrefixOf(buffer) > 0
                        ? IceDropReason.UnverifiedFrameTooLarge
                        : IceDropReason.BadFrame);
                    return;
                }

                connection.Reader.AdvanceTo(buffer.Start, read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (verification.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            _router.Drops.Increment(IceDropReason.TcpNotVerified);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The peer went away, it was evicted, or the endpoint is stopping.
        }
        finally
        {
            _unverified.Remove(connection);
            _connections.TryRemove(new KeyValuePair<IceTransportAddress, IceTcpConnection>(connection.Remote, connection));
            if (connection.Session is { } session)
            {
                _router.ForgetTcpAddress(connection.Remote, session);
            }

            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Reads one frame off the front of <paramref name="buffer"/> and leaves the rest in it. Before
    /// verification a frame announced longer than <see cref="MaxUnverifiedFrameSize"/> is invalid
    /// as soon as its length prefix arrives, so the connection never buffers it.
    /// </summary>
    private static FrameReadResult ReadFrame(ref ReadOnlySequence<byte> buffer, bool unverified, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (unverified && buffer.Length >= Rfc4571Framing.LengthPrefixSize && PrefixOf(buffer) > MaxUnverifiedFrameSize)
        {
            return FrameReadResult.Invalid;
        }

        var reader = new SequenceReader<byte>(buffer);
        var result = Rfc4571Framing.TryReadFrame(ref reader, out frame);
        if (result == FrameReadResult.Complete)
        {
            buffer = buffer.Slice(reader.Position);
        }

        return result;
    }

    private static int PrefixOf(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[Rfc4571Framing.LengthPrefixSize];
        buffer.Slice(0, Rfc4571Framing.LengthPrefixSize).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt16BigEndian(prefix);
    }
}
