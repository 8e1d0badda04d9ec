using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Listeners;

/// <summary>The connection pool of every enabled listener (<see cref="ConnectionLimiter"/>), one per listener.</summary>
internal sealed class ConnectionLimits : IDisposable
{
    private readonly Dictionary<ListenerKind, ConnectionLimiter> _limiters = [];

    public ConnectionLimits(IOptions<ListenerOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var listeners = options.Value;
        var logger = loggerFactory.CreateLogger<ConnectionLimits>();
        foreach (var (kind, endpoint) in new[]
        {
            (ListenerKind.Http, listeners.Http),
            (ListenerKind.Https, listeners.Https),
            (ListenerKind.Management, listeners.Management),
            (ListenerKind.Origin, listeners.Origin),
        })
        {
            if (endpoint.Enabled)
            {
                _limiters[kind] = new ConnectionLimiter(kind, endpoint, listeners.Limits.RefusalReportInterval, timeProvider, logger);
            }
        }
    }

    /// <summary>Connections open now on a listener (0 when it is switched off).</summary>
    public int Live(ListenerKind listener) => _limiters.TryGetValue(listener, out var limiter) ? limiter.Live : 0;

    /// <summary>Connections a listener closed on accept so far: over its total, and over a source's share.</summary>
    public (long OverTotal, long OverShare) Refused(ListenerKind listener) =>
        _limiters.TryGetValue(listener, out var limiter) ? (limiter.RefusedOverTotal, limiter.RefusedOverShare) : (0, 0);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    public ConnectionLimiter Of(ListenerKind listener) => _limiters[listener];
}
