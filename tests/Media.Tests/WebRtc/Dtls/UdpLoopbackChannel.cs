using System.Net;
using System.Net.Sockets;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

/// <summary>
/// A real UDP socket on 127.0.0.1 standing in for the ICE layer: the first sender's address is
/// taken as the verified one, and only its datagrams reach the session.
/// </summary>
internal sealed class UdpLoopbackChannel : IDatagramChannel, IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private IPEndPoint? _remote;
    private Task? _receiving;

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public int FromOtherAddresses { get; private set; }

    public void Start(DtlsServerSession session) => _receiving = ReceiveAsync(session);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        if (_remote is { } remote)
        {
            await _socket.SendAsync(datagram, remote, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_receiving is not null)
        {
            try
            {
                await _receiving;
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync(DtlsServerSession session)
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(_stop.Token);
            _remote ??= received.RemoteEndPoint;
            if (!received.RemoteEndPoint.Equals(_remote))
            {
                FromOtherAddresses++;
                continue;
            }

            session.OnDatagram(received.Buffer);
        }
    }
}
