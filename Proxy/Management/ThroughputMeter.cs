using System.Collections.Concurrent;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's last and maximum throughput per statistics scope, from the byte counters as read by
/// successive statistics requests: the gateway keeps no per-second timer for it (an idle gateway
/// must not wake up), so "last" is the rate between the two latest requests at least
/// <see cref="MinimumInterval"/> apart. Scopes are the registry's (server, virtual hosts, apps,
/// cameras), so the table stays as small as the registry.
/// </summary>
internal sealed class ThroughputMeter
{
    /// <summary>Requests closer together than this reuse the last rate instead of dividing by a tiny interval.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Reading> _readings = new(StringComparer.Ordinal);

    /// <summary>Bits per second in and out: the last measured and the highest measured so far.</summary>
    public (long LastIn, long LastOut, long MaxIn, long MaxOut) Measure(string scope, long bytesIn, long bytesOut, DateTimeOffset now)
    {
        var reading = _readings.GetOrAdd(scope, static (_, start) => new Reading(start.bytesIn, start.bytesOut, start.now), (bytesIn, bytesOut, now));
        lock (reading.Gate)
        {
            var elapsed = now - reading.At;
            if (elapsed >= MinimumInterval)
            {
                // Counters can fall when sessions end (bytes out are the live sessions'): a fall is no traffic, not negative traffic.
                reading.LastIn = Rate(bytesIn - reading.BytesIn, elapsed);
                reading.LastOut = Rate(bytesOut - reading.BytesOut, elapsed);
                reading.MaxIn = Math.Max(reading.MaxIn, reading.LastIn);
                reading.MaxOut = Math.Max(reading.MaxOut, reading.LastOut);
                reading.BytesIn = bytesIn;
                reading.BytesOut = bytesOut;
                reading.At = now;
            }

            return (reading.LastIn, reading.LastOut, reading.MaxIn, reading.MaxOut);
        }
    }

    /// <summary>
    /// Forgets the scopes starting with <paramref name="prefix"/> that are not in <paramref name="current"/>:
    /// a caller whose scopes follow what is pulled now (not only the registry) keeps the table as
    /// small as that.
    /// </summary>
    public void RetainOnly(string prefix, IReadOnlySet<string> current)
    {
        foreach (var scope in _readings.Keys)
        {
            if (scope.StartsWith(prefix, StringComparison.Ordinal) && !current.Contains(scope))
            {
                _readings.TryRemove(scope, out _);
            }
        }
    }

    /// <summary>Bits per second of <paramref name="bytes"/> over <paramref name="elapsed"/>; 0 for no time or no (or fewer) bytes.</summary>
    public static long Rate(long bytes, TimeSpan elapsed) =>
        bytes <= 0 || elapsed <= TimeSpan.Zero ? 0 : (long)(bytes * 8 / elapsed.TotalSeconds);

    private sealed class Reading(long bytesIn, long bytesOut, DateTimeOffset at)
    {
        public Lock Gate { get; } = new();

        public long BytesIn { get; set; } = bytesIn;

        public long BytesOut { get; set; } = bytesOut;

        public DateTimeOffset At { get; set; } = at;

        public long LastIn { get; set; }

        public long LastOut { get; set; }

        public long MaxIn { get; set; }

        public long MaxOut { get; set; }
    }
}
