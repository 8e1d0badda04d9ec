using System.Net;
using Microsoft.AspNetCore.Connections;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// One listener's connection pool: at most <see cref="EndpointOptions.MaxConnections"/> live
/// connections, and at most <see cref="EndpointOptions.MaxConnectionsPerAddress"/> from one
/// source (<see cref="SourceAddress"/>). Runs as the listener's first connection middleware.
/// </summary>
/// <remarks>
/// Security invariant: a refused connection costs one dictionary look-up under a lock and a
/// close. It is refused before TLS and before a byte is read, so it never allocates Kestrel's
/// request buffers, and it is counted, never logged on its own (one report per interval).
/// </remarks>
internal sealed partial class ConnectionLimiter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, int> _bySource = [];
    private readonly int _maxConnections;
    private readonly int _maxPerSource;
    private readonly TimeSpan _reportInterval;
    private readonly ILogger _logger;
    private readonly ITimer _reportTimer;
    private int _live;
    private long _refusedOverTotal;
    private long _refusedOverShare;
    private long _reportedOverTotal;
    private long _reportedOverShare;
    private int _reportArmed;

    public ConnectionLimiter(ListenerKind listener, EndpointOptions options, TimeSpan reportInterval, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Listener = listener;
        _maxConnections = options.MaxConnections;
        _maxPerSource = options.MaxConnectionsPerAddress;
        _reportInterval = reportInterval;
        _logger = logger;
        _reportTimer = timeProvider.CreateTimer(static state => ((ConnectionLimiter)state!).Report(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ListenerKind Listener { get; }

    /// <summary>Connections open now.</summary>
    public int Live => Volatile.Read(ref _live);

    /// <summary>Connections closed on accept because the listener was full.</summary>
    public long RefusedOverTotal => Interlocked.Read(ref _refusedOverTotal);

    /// <summary>Connections closed on accept because their source held its whole share.</summary>
    public long RefusedOverShare => Interlocked.Read(ref _refusedOverShare);

    /// <summary>Connections one source holds now (tests and diagnostics).</summary>
    public int LiveFrom(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            return _bySource.GetValueOrDefault(SourceAddress.KeyOf(address));
        }
    }

    /// <summary>The connection middleware: admits a connection into the pool or closes it at once.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var key = connection.RemoteEndPoint is IPEndPoint remote ? SourceAddress.KeyOf(remote.Address) : (UInt128?)null;
        if (!TryAcquire(key))
        {
            // Returning without calling next: Kestrel disposes the transport, which closes the socket.
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Release(key);
        }
    };

    public void Dispose() => _reportTimer.Dispose();

    private bool TryAcquire(UInt128? key)
    {
        lock (_gate)
        {
            if (_live >= _maxConnections)
            {
                Interlocked.Increment(ref _refusedOverTotal);
            }
            else if (key is { } source && _bySource.GetValueOrDefault(source) >= _maxPerSource)
            {
                Interlocked.Increment(ref _refusedOverShare);
            }
            else
            {
                if (key is { } admitted)
                {
                    _bySource[admitted] = _bySource.GetValueOrDefault(admitted) + 1;
                }

                _live++;
                return true;
            }
        }

        ArmReport();
        return false;
    }

    private void Release(UInt128? key)
    {
        lock (_gate)
        {
            _live--;
            if (key is { } source)
            {
                var remaining = _bySource[source] - 1;
                if (remaining == 0)
                {
                    _bySource.Remove(source);
                }
                else
                {
                    _bySource[source] = remaining;
                }
            }
        }
    }

    /// <summary>The first refusal after a report schedules the next one; a quiet listener never wakes for it.</summary>
    private void ArmReport()
    {
        if (Volatile.Read(ref _reportArmed) == 0 && Interlocked.Exchange(ref _reportArmed, 1) == 0)
        {
            try
            {
                _reportTimer.Change(_reportInterval, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Refused while the server stops: nothing left to report to.
            }
        }
    }

    private void Report()
    {
        // Cleared before reading: a refusal from here on is either in this report or arms the next.
        Interlocked.Exchange(ref _reportArmed, 0);
        var overTotal = RefusedOverTotal;
        var overShare = RefusedOverShare;
        var newOverTotal = overTotal - _reportedOverTotal;
        var newOverShare = overShare - _reportedOverShare;
        _reportedOverTotal = overTotal;
        _reportedOverShare = overShare;
        if (newOverTotal + newOverShare > 0)
        {
            Log.ConnectionsRefused(_logger, Listener, newOverTotal, newOverShare, (int)_reportInterval.TotalSeconds, _maxConnections, _maxPerSource);
        }
    }
}
