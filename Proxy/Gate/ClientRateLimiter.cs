using System.Collections.Concurrent;
using System.Net;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// A token bucket per client source (an IPv4 address, or the base address of an IPv6 /64: see
/// <see cref="ClientSource"/>), so one client's offer flood cannot starve the gate, the webhook or
/// the origins for everybody else. Buckets refill lazily from the elapsed time when a
/// request arrives — no timer, so an idle gateway never wakes up for it (the framework's
/// partitioned limiter ticks every 100 ms) — and full buckets are pruned as they go idle, so memory
/// follows the number of active clients.
/// </summary>
internal sealed class ClientRateLimiter
{
    /// <summary>Prune idle buckets once this many exist (checked on insert, amortised).</summary>
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;

    public ClientRateLimiter(int requestsPerSecond, int burst, TimeProvider time)
    {
        _perSecond = requestsPerSecond;
        _burst = burst;
        _time = time;
    }

    /// <summary>True when the client may make one more request now.</summary>
    public bool TryAcquire(IPAddress client)
    {
        var now = _time.GetTimestamp();
        if (!_buckets.TryGetValue(client, out var bucket))
        {
            if (_buckets.Count >= PruneThreshold)
            {
                Prune(now);
            }

            bucket = _buckets.GetOrAdd(client, _ => new Bucket(_burst, now));
        }

        lock (bucket)
        {
            var elapsed = _time.GetElapsedTime(bucket.Updated, now).TotalSeconds;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _perSecond));
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    // A bucket that would be full again holds no information: forget it.
    private void Prune(long now)
    {
        foreach (var (address, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (bucket.Tokens + (_time.GetElapsedTime(bucket.Updated, now).TotalSeconds * _perSecond) >= _burst)
                {
                    _buckets.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}
