using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// Many TCP connections from one loopback source address (127.0.0.2, …) to a listener, each
/// sending a prefix and then holding still: an attacker's idle or half-sent requests.
/// </summary>
internal sealed class HeldConnections : IDisposable
{
    private readonly List<Socket> _sockets;

    private HeldConnections(List<Socket> sockets) => _sockets = sockets;

    /// <summary>
    /// Header and idle timeouts at their longest, so that while a test runs only the connection
    /// caps close a held connection.
    /// </summary>
    public static Dictionary<string, string?> OnlyCapsClose => new()
    {
        ["Listeners:Limits:RequestHeadersTimeout"] = "00:02:00",
        ["Listeners:Limits:KeepAliveTimeout"] = "00:10:00",
    };

    public int Count => _sockets.Count;

    /// <summary>Connections the server has closed (end of stream or reset seen on the client side).</summary>
    public int Closed => _sockets.Count(IsClosed);

    public static async Task<HeldConnections> OpenAsync(IPAddress source, int port, int count, byte[] prefix)
    {
        var sockets = new List<Socket>(count);
        foreach (var _ in Enumerable.Range(0, count))
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            if (prefix.Length > 0)
            {
                try
                {
                    await socket.SendAsync(prefix);
                }
                catch (SocketException)
                {
                    // Closed on accept already: that is what the bound is for.
                }
            }
        }

        return new HeldConnections(sockets);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private static bool IsClosed(Socket socket)
    {
        try
        {
            // Readable with nothing to read is end of stream; a reset throws.
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
