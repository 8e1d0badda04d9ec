using SecureStream.Policy.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// <c>Cluster:Redis</c>: the shared connection settings (<see cref="RedisConnectionOptions"/>) plus
/// how long one shared-state command may take before the admission waiting on it is refused.
/// </summary>
public sealed class ClusterRedisOptions : RedisConnectionOptions
{
    /// <summary>Longest one shared-state command may take, 20–5000 ms; slower = Redis unavailable (503).</summary>
    public int OperationTimeoutMs { get; set; } = 250;
}
