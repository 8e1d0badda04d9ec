using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// The listeners as Kestrel actually bound them. Kestrel writes the real port back into
/// <see cref="ListenOptions.IPEndPoint"/> after binding, so port 0 (tests) works, and requests are
/// told apart by the local port they arrived on — or, having no port, by arriving on the one Unix
/// domain socket listener (the embedded origin's, <see cref="OriginSocket"/>).
/// </summary>
public sealed class BoundListeners
{
    private readonly List<(ListenerKind Kind, ListenOptions Options)> _listeners = [];

    internal void Add(ListenerKind kind, ListenOptions options) => _listeners.Add((kind, options));

    /// <summary>The bound endpoint of a listener, or null when it is switched off.</summary>
    public IPEndPoint? EndpointOf(ListenerKind kind) =>
        _listeners.FirstOrDefault(l => l.Kind == kind).Options?.IPEndPoint;

    /// <summary>The Unix domain socket path of a listener, or null when it listens on TCP or is switched off.</summary>
    public string? SocketPathOf(ListenerKind kind) =>
        _listeners.FirstOrDefault(l => l.Kind == kind).Options?.SocketPath;

    /// <summary>
    /// The listener a connection arrived on: by its local port, or, for a connection with no IP
    /// address (a Unix domain socket's), the socket listener.
    /// </summary>
    public ListenerKind? KindOf(ConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.LocalIpAddress is not null)
        {
            return KindOf(connection.LocalPort);
        }

        foreach (var (kind, options) in _listeners)
        {
            if (options.SocketPath is not null)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The listener a local port belongs to.</summary>
    public ListenerKind? KindOf(int localPort)
    {
        foreach (var (kind, options) in _listeners)
        {
            if (options.IPEndPoint?.Port == localPort)
            {
                return kind;
            }
        }

        return null;
    }
}
