using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Tests.Cluster.Failover;

/// <summary>
/// What stands in front of the front doors in a real deployment (a load balancer or the reverse
/// proxy of docs/cluster.md, "A reverse proxy in front"), reduced to what a viewer's recovery
/// needs: one address on 127.0.0.1, and each new TCP connection goes to the first front door that
/// accepts it, so when one dies its viewers' next connections reach another. Bytes are copied
/// both ways unchanged.
/// </summary>
internal sealed class FrontDoorBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<int> _frontDoorPorts;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public FrontDoorBalancer(IReadOnlyList<int> frontDoorPorts)
    {
        _frontDoorPorts = frontDoorPorts;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections forwarded to each front door, by its port.</summary>
    public Dictionary<int, int> ForwardedTo { get; } = [];

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            foreach (var port in _frontDoorPorts)
            {
                using var frontDoor = new TcpClient();
                try
                {
                    await frontDoor.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue; // this front door is gone: the next one
                }

                lock (ForwardedTo)
                {
                    ForwardedTo[port] = ForwardedTo.GetValueOrDefault(port) + 1;
                }

                var toFrontDoor = CopyAsync(client.GetStream(), frontDoor.GetStream(), frontDoor.Client);
                var toClient = CopyAsync(frontDoor.GetStream(), client.GetStream(), client.Client);
                await Task.WhenAny(toFrontDoor, toClient);
                return;
            }
        }
    }

    // One direction; when it ends (either side closed or broke) the connection ends, as on a
    // load balancer that loses the backend: the viewer sees its connection close.
    private async Task CopyAsync(Stream from, Stream to, Socket toSocket)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
