using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// One session's lease in Redis (<see cref="RedisSessionCounter"/>): its id and the sorted sets it
/// is a member of. Disposing it releases it.
/// </summary>
/// <remarks>
/// Security invariant: released exactly once, however many times (and from however many threads)
/// it is disposed, so a double close can never remove a lease twice or count a slot back twice.
/// </remarks>
internal sealed class RedisSessionLease(RedisSessionCounter counter, string id, RedisKey[] keys) : IDisposable
{
    private int _released;

    public string Id { get; } = id;

    /// <summary>The pool's and the shares' sorted sets.</summary>
    public RedisKey[] Keys { get; } = keys;

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            counter.Release(this);
        }
    }
}
