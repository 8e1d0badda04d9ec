using SecureStream.Proxy.Cluster;
using StackExchange.Redis;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// The Redis names of sessions across nodes (docs/cluster.md, "Sessions across nodes"), all under
/// <c>Cluster:Redis:KeyPrefix</c>: each front door's own channel, the origins' broadcast channel,
/// and the live session list (a hash per front door, its heartbeat key, the set of front doors).
/// </summary>
internal static class SessionChannels
{
    /// <summary>Where ends and kicks for the sessions <paramref name="nodeId"/> admitted are published.</summary>
    public static RedisChannel Node(SharedState shared, string nodeId) => shared.Channel("sessions:node:" + nodeId);

    /// <summary>Where front doors ask the origins to end a session; an origin that does not carry it ignores the request.</summary>
    public static RedisChannel Origins(SharedState shared) => shared.Channel("sessions:origins");

    /// <summary>The hash of <paramref name="nodeId"/>'s live sessions: field = session id, value = the session as listed.</summary>
    public static RedisKey Live(SharedState shared, string nodeId) => shared.Key("sessions:live:" + nodeId);

    /// <summary>Present while <paramref name="nodeId"/> lives: set with a lifetime, refreshed well within it.</summary>
    public static RedisKey Alive(SharedState shared, string nodeId) => shared.Key("sessions:alive:" + nodeId);

    /// <summary>The set of front doors that ever listed sessions; a member whose heartbeat lapsed is dropped by the next listing.</summary>
    public static RedisKey Nodes(SharedState shared) => shared.Key("sessions:nodes");
}
