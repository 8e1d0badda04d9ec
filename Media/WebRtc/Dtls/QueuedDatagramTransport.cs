using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over a bounded queue: the ICE layer pushes
/// datagrams in (<see cref="TryEnqueue"/>), BouncyCastle's blocking receive takes them out, and
/// its sends go to the <see cref="IDatagramChannel"/>. BouncyCastle's DTLS is synchronous, so
/// <see cref="Receive(Span{byte}, int)"/> blocks its caller (the handshake thread, or the
/// short post-handshake drain) for at most the time BouncyCastle asks for.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport, IDisposable
{
    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly IDatagramChannel _channel;
    private readonly int _capacity;
    private readonly int _receiveLimit;
    private readonly int _sendLimit;
    private readonly Action _onClosed;
    private int _count;
    private volatile bool _closed;

    public QueuedDatagramTransport(IDatagramChannel channel, int capacity, int receiveLimit, int sendLimit, Action onClosed)
    {
        _channel = channel;
        _capacity = capacity;
        _receiveLimit = receiveLimit;
        _sendLimit = sendLimit;
        _onClosed = onClosed;
    }

    /// <summary>Cancels a blocked receive (the handshake deadline); <see cref="CancellationToken.None"/> once established.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Whether datagrams are waiting.</summary>
    public bool HasPending => !_queue.IsEmpty;

    /// <summary>Whether BouncyCastle closed the transport (after close_notify or a fatal alert) or it was disposed.</summary>
    public bool IsClosed => _closed;

    /// <summary>Queues a copy of a datagram; false when the queue is full or the transport closed.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _queue.Enqueue(datagram.ToArray());
        _available.Release();
        return true;
    }

    /// <inheritdoc/>
    public int GetReceiveLimit() => _receiveLimit;

    /// <inheritdoc/>
    public int GetSendLimit() => _sendLimit;

    /// <inheritdoc/>
    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Takes the next datagram, waiting up to <paramref name="waitMillis"/> (0 means without limit,
    /// as <see cref="DatagramReceiver"/> documents); -1 on timeout or once closed.
    /// </summary>
    /// <exception cref="OperationCanceledException"><see cref="Cancellation"/> fired: aborts the handshake.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (_closed)
        {
            return -1;
        }

        if (!_available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis, Cancellation))
        {
            return -1;
        }

        if (!_queue.TryDequeue(out var datagram))
        {
            return -1;
        }

        Interlocked.Decrement(ref _count);
        if (datagram.Length > buffer.Length)
        {
            // Never happens: the session refuses datagrams above the receive limit before queueing.
            return -1;
        }

        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    /// <inheritdoc/>
    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>
    /// Sends through the channel, waiting for it: BouncyCastle's record layer is synchronous and
    /// this runs on the handshake thread or under the session's DTLS lock, never on the ICE receive path.
    /// </summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            return;
        }

        var sending = _channel.SendAsync(buffer.ToArray(), CancellationToken.None);
        if (!sending.IsCompletedSuccessfully)
        {
            sending.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Called by BouncyCastle after close_notify or a fatal alert; later sends and receives do nothing.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _onClosed();
    }

    /// <summary>Closes without notifying (the session is going away) and wakes a blocked receive.</summary>
    public void Dispose()
    {
        _closed = true;
        _available.Release();
    }
}
