namespace SecureStream.Policy.Redis;

/// <summary>
/// How to reach one Redis: the settings every section that talks to Redis shares (the camera
/// origin map's <c>OriginMapStore</c>, the cluster's <c>Cluster:Redis</c>), under the same names,
/// checked by <see cref="RedisConnectionOptionsCheck"/> and turned into a client configuration by
/// <see cref="RedisConnection"/> (docs/configuration.md, docs/cluster.md).
/// </summary>
public abstract class RedisConnectionOptions
{
    /// <summary><c>host:port</c> of the Redis server(s), or <c>!/path/to/redis.sock</c> for a Unix socket.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>ACL user (Redis 6+); unset = the default user.</summary>
    public string? User { get; set; }

    /// <summary>Secret reference (<c>env:NAME</c> / <c>file:/path</c>) for <c>requirepass</c> or the ACL user's password.</summary>
    public string? Password { get; set; }

    /// <summary>Connect with TLS.</summary>
    public bool Tls { get; set; }

    /// <summary>Name the server certificate must carry, when it differs from the endpoint host.</summary>
    public string? TlsHost { get; set; }

    /// <summary>
    /// Prepended to every key, so several sites (or several uses) can share one Redis, e.g.
    /// <c>site-a:</c>. Empty = no prefix.
    /// </summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>Redis database number.</summary>
    public int Database { get; set; }

    /// <summary>Connect timeout, 100–30000 ms.</summary>
    public int ConnectTimeoutMs { get; set; } = 2000;
}
