namespace SecureStream.Proxy.Gate;

/// <summary>
/// One place in the snapshot pool (<see cref="GateLimits.Snapshots"/>), held by the snapshot's
/// session from admission to its end and given back once, however often it is disposed.
/// </summary>
internal sealed class SnapshotSlot : IDisposable
{
    private readonly PendingAdmissions _pool;
    private readonly ClientSource _source;
    private int _released;

    private SnapshotSlot(PendingAdmissions pool, ClientSource source)
    {
        _pool = pool;
        _source = source;
    }

    /// <summary>A place for <paramref name="source"/>, or null when its share or the pool is used up.</summary>
    public static SnapshotSlot? TryTake(PendingAdmissions pool, ClientSource source) =>
        pool.TryEnter(source) ? new SnapshotSlot(pool, source) : null;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Exit(_source);
        }
    }
}
