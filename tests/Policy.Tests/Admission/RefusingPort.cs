using System.Net;
using System.Net.Sockets;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// A loopback TCP port where nothing listens, held for as long as the test runs: the socket is
/// bound but never listening, so the kernel refuses every connection to it, and no other test can
/// bind the port in the meantime (as it could to a port picked, released and then dialled).
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary><c>http://127.0.0.1:{port}{path}</c>.</summary>
    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public void Dispose() => _socket.Dispose();
}
