namespace SecureStream.Policy.Admission;

/// <summary>
/// The webhook handler's view of one connection (installed as its plaintext stream filter, so
/// it sits above TLS): it records on each <see cref="AdmissionExchange"/> whether the connection
/// was reused and whether an answer arrived, and it retires a connection the receiver closes
/// after every answer (HTTP/1.0 without keep-alive) instead of letting the pool hand it out again.
/// </summary>
/// <remarks>
/// Retiring works through the pool's own check: before reusing an idle connection the handler
/// starts a read on it and only uses it when that read is still pending. Once the client calls
/// <see cref="ReceiverCloses"/>, a read started for a later call completes at once as end of
/// stream, so the pool discards the connection; a write for a later call fails before a byte is
/// sent, which the client may retry safely.
/// </remarks>
internal sealed class AdmissionConnectionStream : Stream
{
    private readonly Stream _inner;
    private AdmissionExchange? _exchange;
    private bool _receiverCloses;

    public AdmissionConnectionStream(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => _inner.CanSeek;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>
    /// The receiver closes this connection after the answer now being read (HTTP/1.0 without
    /// keep-alive): no later call may use it.
    /// </summary>
    public void ReceiverCloses() => Volatile.Write(ref _receiverCloses, true);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _receiverCloses) && !ReferenceEquals(AdmissionExchange.Current, Volatile.Read(ref _exchange)))
        {
            // A read for anyone but the call whose answer this is: the pool checking an idle
            // connection. End of stream makes it discard the connection.
            return ValueTask.FromResult(0);
        }

        return ReadCountedAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Volatile.Read(ref _receiverCloses) && !ReferenceEquals(AdmissionExchange.Current, Volatile.Read(ref _exchange)))
        {
            return 0;
        }

        var read = _inner.Read(buffer);
        Counted(read);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeWrite();
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeWrite();
        _inner.Write(buffer);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCountedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Counted(read);
        return read;
    }

    private void Counted(int read)
    {
        if (read > 0)
        {
            Volatile.Read(ref _exchange)?.MarkAnswered();
        }
    }

    private void BeforeWrite()
    {
        var current = AdmissionExchange.Current;
        var previous = Volatile.Read(ref _exchange);
        if (current is not null && !ReferenceEquals(current, previous))
        {
            // The first bytes of a new call: the connection is reused when an earlier call had it.
            current.Attach(this, reused: previous is not null);
            Volatile.Write(ref _exchange, current);
        }

        if (Volatile.Read(ref _receiverCloses))
        {
            throw new IOException("The webhook receiver closes this connection after each answer (HTTP/1.0); it cannot carry another call.");
        }
    }
}
