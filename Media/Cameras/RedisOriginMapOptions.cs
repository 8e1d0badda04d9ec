namespace SecureStream.Media.Cameras;

/// <summary>
/// The Redis origin map store (the <c>OriginMapStore</c> section), OME's OriginMapStore: key
/// <c>{KeyPrefix}app/stream</c>, value the camera URL(s). Read with GET at lookup time, so one
/// <c>SET</c> or <c>DEL</c> adds, changes or removes a camera without a restart.
/// </summary>
internal sealed class RedisOriginMapOptions
{
    public const string SectionName = "OriginMapStore";

    /// <summary>Off by default.</summary>
    public bool Enabled { get; set; }

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
    /// Prepended to every key: the virtual host's prefix (ours; OME keys have no vhost), so several
    /// sites can share one Redis, e.g. <c>site-a:</c> → <c>site-a:app/cam1</c>. Empty = OME's keys.
    /// </summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>Redis database number.</summary>
    public int Database { get; set; }

    /// <summary>Connect timeout, 100–30000 ms.</summary>
    public int ConnectTimeoutMs { get; set; } = 2000;

    /// <summary>Longest a lookup may take before the camera counts as unknown, 50–10000 ms.</summary>
    public int LookupTimeoutMs { get; set; } = 500;
}
