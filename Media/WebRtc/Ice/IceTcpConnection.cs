using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544 passive): RFC 4571 frames both ways. It belongs to
/// no session until a verified check arrives on it; its frames are then routed like UDP
/// datagrams from a verified address. Writes are serialized; a failed write closes it.
/// </summary>
internal sealed class IceTcpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private IceSession? _session;
    private int _closed;

    public IceTcpConnection(Socket socket, IceTransportAddress remote)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Remote = remote;
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
    }

    public IceTransportAddress Remote { get; }

    public PipeReader Reader { get; }

    /// <summary>The session whose agent verified a check on this connection, or null.</summary>
    public IceSession? Session
    {
        get => Volatile.Read(ref _session);
        set => Volatile.Write(ref _session, value);
    }

    /// <summary>Writes one RFC 4571 frame; false (and the connection closed) when it cannot.</summary>
    public async ValueTask<bool> SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty || payload.Length > Rfc4571Framing.MaxFrameSize || Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        var frame = ArrayPool<byte>.Shared.Rent(payload.Length + Rfc4571Framing.LengthPrefixSize);
        try
        {
            var length = Rfc4571Framing.WriteFrame(payload.Span, frame);
            return await WriteAsync(frame.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Writes each datagram of <paramref name="batch"/> as one RFC 4571 frame, all in one write; false (and the connection closed) when it cannot.</summary>
    public async ValueTask<bool> SendFramesAsync(Batching.DatagramBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0 || Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        var frames = ArrayPool<byte>.Shared.Rent(batch.Buffer.Length + (batch.Count * Rfc4571Framing.LengthPrefixSize));
        try
        {
            var length = WriteFrames(batch, frames);
            return length >= 0 && await WriteAsync(frames.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frames);
        }
    }

    /// <summary>Writes framed bytes whole, one writer at a time; false (and the connection closed) when the stream fails.</summary>
    private async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> framed, CancellationToken cancellationToken)
    {
        try
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await _stream.WriteAsync(framed, cancellationToken);
                return true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    /// <summary>Closes the socket; the read loop then ends and cleans up.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Close();
        }
    }

    private static int WriteFrames(Batching.DatagramBatch batch, byte[] output)
    {
        var buffer = batch.Buffer.Span;
        var lengths = batch.Lengths.Span;
        var read = 0;
        var written = 0;
        foreach (var length in lengths)
        {
            if (length <= 0 || length > Rfc4571Framing.MaxFrameSize)
            {
                return -1;
            }

            written += Rfc4571Framing.WriteFrame(buffer.Slice(read, length), output.AsSpan(written));
            read += length;
        }

        return written;
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await Reader.CompleteAsync();
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }
}
