using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// An HttpClient whose connections leave from one loopback address (127.0.0.2, 127.0.0.3…), so
/// the gateway — with no trusted proxies, it takes the TCP peer as the client — sees a distinct
/// source from the legitimate viewer on 127.0.0.1.
/// </summary>
internal static class SourceBoundClient
{
    public static HttpClient Create(string sourceAddress, int maxConnections = int.MaxValue)
    {
        var source = IPAddress.Parse(sourceAddress);
        return new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = maxConnections,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }
}
