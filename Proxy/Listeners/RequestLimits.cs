using Microsoft.AspNetCore.Server.Kestrel.Core;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// Kestrel's request bounds, derived from the largest legitimate request
/// (docs/security.md, "Connections and request bounds").
/// </summary>
internal static class RequestLimits
{
    /// <summary>Kestrel's default request line (method, target, version).</summary>
    public const int DefaultRequestLineSize = 8 * 1024;

    /// <summary>Room for the method, the spaces and <c>HTTP/1.1</c> around the target.</summary>
    private const int RequestLineOverhead = 1024;

    /// <summary>
    /// The request line: Kestrel's default, or the gate's longest target plus the method and
    /// version when Gate:MaxTargetLength is raised past it. Every target up to that line reaches
    /// the gate, which refuses those over Gate:MaxTargetLength with an audited 414
    /// <c>target_too_long</c>; a longer line gets Kestrel's own 414 and never reaches the gate.
    /// </summary>
    public static int RequestLineSize(GateOptions gate) =>
        Math.Max(DefaultRequestLineSize, gate.MaxTargetLength + RequestLineOverhead);

    /// <summary>
    /// The largest body any route reads: a WHEP offer (Gate:MaxOfferBytes, the gate holds each
    /// offer to it) or a management API request.
    /// </summary>
    public static long RequestBodySize(GateOptions gate) => Math.Max(gate.MaxOfferBytes, StreamRequestReader.MaxBodyBytes);

    /// <summary>
    /// The bytes Kestrel reads ahead of the application on one connection (Kestrel: 1 MB), and so
    /// the most one connection can make it buffer: a whole request line and header block must
    /// fit, and 64 KB of body (a whole default WHEP offer) is enough read-ahead for any route.
    /// </summary>
    public static long RequestBufferSize(ListenerOptions listeners, GateOptions gate) =>
        Math.Max(64 * 1024, RequestLineSize(gate) + (long)listeners.Limits.MaxRequestHeadersTotalSize);

    public static void Apply(KestrelServerLimits limits, ListenerOptions listeners, GateOptions gate)
    {
        var bounds = listeners.Limits;
        limits.MaxRequestLineSize = RequestLineSize(gate);
        limits.MaxRequestHeadersTotalSize = bounds.MaxRequestHeadersTotalSize;
        limits.MaxRequestBodySize = RequestBodySize(gate);
        limits.MaxRequestBufferSize = RequestBufferSize(listeners, gate);
        limits.RequestHeadersTimeout = bounds.RequestHeadersTimeout;
        limits.KeepAliveTimeout = bounds.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(bounds.MinRequestBodyDataRate, bounds.MinRequestBodyGracePeriod);

        // Kestrel applies these per endpoint; each listener's own pool (ConnectionLimiter) is
        // tighter, so they are a backstop at the largest listener's size. An upgraded (WebSocket)
        // connection stays a connection of its listener's pool, so it needs no pool of its own.
        var largest = new[] { listeners.Http, listeners.Https, listeners.Management, listeners.Origin }.Max(e => e.MaxConnections);
        limits.MaxConcurrentConnections = largest;
        limits.MaxConcurrentUpgradedConnections = largest;
    }
}
