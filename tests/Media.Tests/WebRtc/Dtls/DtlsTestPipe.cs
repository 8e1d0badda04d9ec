using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

/// <summary>
/// An in-memory datagram path between a BouncyCastle DTLS client and a <see cref="DtlsServerSession"/>:
/// the server's sends land in the client's queue; the client's sends are handed to
/// <see cref="DtlsServerSession.OnDatagram"/> (as the ICE layer would), through an optional hook
/// that lets a test inject, drop or observe datagrams.
/// </summary>
internal sealed class DtlsTestPipe : IDatagramChannel
{
    private readonly BlockingCollection<byte[]> _toClient = [];

    public DtlsServerSession? Server { get; set; }

    /// <summary>Every datagram the client sent, in order.</summary>
    public ConcurrentQueue<byte[]> ClientSent { get; } = new();

    /// <summary>Every datagram the server sent, in order.</summary>
    public ConcurrentQueue<byte[]> ServerSent { get; } = new();

    /// <summary>Called with each client datagram before it reaches the server; return false to drop it.</summary>
    public Func<byte[], bool>? BeforeServer { get; set; }

    public DatagramTransport ClientTransport => new ClientSide(this);

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        var copy = datagram.ToArray();
        ServerSent.Enqueue(copy);
        if (!_toClient.IsAddingCompleted)
        {
            _toClient.Add(copy, CancellationToken.None);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers a datagram to the server as if it came from the client's verified address.</summary>
    public void InjectToServer(byte[] datagram) => Server!.OnDatagram(datagram);

    private sealed class ClientSide(DtlsTestPipe pipe) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!pipe._toClient.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            var copy = buffer.ToArray();
            pipe.ClientSent.Enqueue(copy);
            if (pipe.BeforeServer?.Invoke(copy) ?? true)
            {
                pipe.Server!.OnDatagram(copy);
            }
        }

        public void Close()
        {
        }
    }
}
