using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// YARP's HTTP client for a single node whose embedded origin listens on a Unix domain socket:
/// YARP's own handler, with every connection made to the socket instead of to the destination's
/// host and port. The requests are the same HTTP/1.1 requests a separate origin receives over
/// TCP, ticket header included, so the origin checks them the same way.
/// </summary>
internal sealed class OriginSocketClientFactory(string socketPath, ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    /// <summary>
    /// The destination address of the embedded origin on its socket. The name never resolves
    /// (RFC 2606 reserves <c>.invalid</c>), so a request that bypassed the socket would fail
    /// instead of reaching something else.
    /// </summary>
    public const string Address = "http://embedded-origin.invalid";

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        handler.ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}
