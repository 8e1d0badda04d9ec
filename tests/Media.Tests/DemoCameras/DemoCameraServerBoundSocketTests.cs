using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>
/// The demo server on a socket its caller bound: the port is known (and held) before the server
/// starts, it serves there, and disposing the server releases the socket.
/// </summary>
public sealed class DemoCameraServerBoundSocketTests
{
    [Fact]
    public async Task StartAsync_HandedABoundSocket_ServesOnThatPortNotTheConfiguredOne()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        await using var server = new DemoCameraServer(
            socket, new DemoCameraServerOptions { Port = 8554 }, TimeProvider.System, NullLoggerFactory.Instance);

        await server.StartAsync(CancellationToken.None);
        await using var client = await RtspTestClient.ConnectAsync(bound);

        Assert.Equal(bound, server.LocalEndPoint);
        Assert.Equal(new Uri($"rtsp://127.0.0.1:{bound.Port}/demo/lobby"), server.GetCameraUri("lobby"));
        Assert.Equal(200, (await client.RequestAsync("OPTIONS", "*")).Status);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_ClosesTheHandedSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new DemoCameraServer(socket, new DemoCameraServerOptions(), TimeProvider.System, NullLoggerFactory.Instance);

        await server.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => socket.LocalEndPoint);
    }
}
