using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// The listeners as Kestrel actually bound them. Kestrel writes the real port back into
/// <see cref="ListenOptions.IPEndPoint"/> after binding, so port 0 (tests) works, and requests are
/// told apart by the local port they arrived on.
/// </summary>
public sealed class BoundListeners
{
    private readonly List<(ListenerKind Kind, ListenOptions Options)> _listeners = [];

    internal void Add(ListenerKind kind, ListenOptions options) => _listeners.Add((kind, options));

    /// <summary>The bound endpoint of a listener, or null when it is switched off.</summary>
    public IPEndPoint? EndpointOf(ListenerKind kind) =>
        _listeners.FirstOrDefault(l => l.Kind == kind).Options?.IPEndPoint;

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
