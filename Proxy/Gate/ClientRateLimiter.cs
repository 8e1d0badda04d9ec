using System.Net;
using System.Threading.RateLimiting;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// A token bucket per client address, so one client's offer flood cannot starve the gate, the
/// webhook or the origins for everybody else. Buckets that refill completely are dropped by the
/// limiter itself, so memory follows the number of active clients.
/// </summary>
internal sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public ClientRateLimiter(int requestsPerSecond, int burst)
    {
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(
            address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = requestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when the client may make one more request now.</summary>
    public bool TryAcquire(IPAddress client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
