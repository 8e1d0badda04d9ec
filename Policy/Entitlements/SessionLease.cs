namespace SecureStream.Policy.Entitlements;

/// <summary>
/// One session slot taken from a <see cref="SessionLimiter"/>. Disposing it gives the slot back.
/// </summary>
/// <remarks>
/// Security invariant: the slot is released exactly once, however many times (and from however
/// many threads) the lease is disposed, so a double close can never free a slot that another
/// session holds and let an operator exceed the cap.
/// </remarks>
internal sealed class SessionLease : IDisposable
{
    private readonly SessionCounter _counter;
    private int _released;

    internal SessionLease(string operatorKey, SessionCounter counter)
    {
        OperatorKey = operatorKey;
        _counter = counter;
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
            _counter.Decrement();
        }
    }
}
