using SecureStream.Policy.Redis;

namespace SecureStream.Media.Cameras;

/// <summary>
/// The Redis origin map store (the <c>OriginMapStore</c> section), OME's OriginMapStore: key
/// <c>{KeyPrefix}app/stream</c>, value the camera URL(s). Read with GET at lookup time, so one
/// <c>SET</c> or <c>DEL</c> adds, changes or removes a camera without a restart. The connection
/// settings (endpoints, user, password, TLS, key prefix, database, connect timeout) are the shared
/// <see cref="RedisConnectionOptions"/>; the <c>KeyPrefix</c> is the virtual host's prefix (ours;
/// OME keys have no vhost), e.g. <c>site-a:</c> → <c>site-a:app/cam1</c>, empty = OME's keys.
/// </summary>
public sealed class RedisOriginMapOptions : RedisConnectionOptions
{
    public const string SectionName = "OriginMapStore";

    /// <summary>Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Longest a lookup may take before the camera counts as unknown, 50–10000 ms.</summary>
    public int LookupTimeoutMs { get; set; } = 500;
}
