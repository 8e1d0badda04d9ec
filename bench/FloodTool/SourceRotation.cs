using System.Net;
using System.Net.Sockets;

namespace SecureStream.FloodTool;

/// <summary>
/// Hands out the flood's source addresses in turn and opens TCP connections from them, so the
/// gateway sees many clients (its per-address shares are what S6 tests), none of them a viewer's.
/// </summary>
internal sealed class SourceRotation(IReadOnlyList<IPAddress> sources)
{
    private int _next = -1;

    public IPAddress Next() => sources[(int)((uint)Interlocked.Increment(ref _next) % (uint)sources.Count)];

    /// <summary>A TCP connection to <paramref name="target"/> from the next source address; null when the connect failed.</summary>
    public async Task<Socket?> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(Next(), 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(target, timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }
}
