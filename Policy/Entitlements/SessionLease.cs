using System.Net;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// One session slot taken from a <see cref="SessionLimiter"/>: in the cap key's pool and in the
/// shares of its link and source. Disposing it gives all of them back.
/// </summary>
/// <remarks>
/// Security invariant: the slot is released exactly once, however many times (and from however
/// many threads) the lease is disposed, so a double close can never free a slot that another
/// session holds and let an operator, a link or a source exceed its cap.
/// </remarks>
internal sealed class SessionLease : IDisposable
{
    private readonly SessionPool _pool;
    private readonly string? _link;
    private readonly IPAddress? _source;
    private int _released;

    internal SessionLease(string operatorKey, SessionPool pool, string? link, IPAddress? source)
    {
        OperatorKey = operatorKey;
        _pool = pool;
        _link = link;
        _source = source;
    }

    /// <summary>The cap key the slot was taken from.</summary>
    public string OperatorKey { get; }

    /// <summary>True once the slot has been given back.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Gives the slot back; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Give(_link, _source);
        }
    }
}
