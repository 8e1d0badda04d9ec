using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// Clients that appear to come from another loopback address (127.0.0.2, 127.0.0.3, …): all of
/// 127.0.0.0/8 is loopback on Linux, so binding the client socket before connecting makes the
/// gateway see a different peer address while the traffic never leaves the machine.
/// </summary>
internal static class LoopbackClients
{
    /// <summary>An HttpClient whose every connection is bound to <paramref name="localAddress"/>.</summary>
    public static HttpClient HttpClientFrom(string localAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = await ConnectFromAsync(localAddress, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

    /// <summary>A TCP socket bound to <paramref name="localAddress"/> and connected to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<Socket> ConnectFromAsync(string localAddress, int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
