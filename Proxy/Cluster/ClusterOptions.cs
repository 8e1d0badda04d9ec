namespace SecureStream.Proxy.Cluster;

/// <summary>
/// Cluster mode (the <c>Cluster</c> section): this node's name and the Redis that front doors and
/// origins share. Off (no Redis endpoints) in the default single-node run.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// This node's id, written into every audit record and used to tell nodes apart in shared
    /// state: 1–32 of <c>a-z 0-9 -</c>. Empty = the machine's host name, lowercased and reduced to
    /// those characters (enough for one node a machine; a cluster on one machine names each node).
    /// With <see cref="Redis"/> on it must be set explicitly.
    /// </summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>
    /// The Redis holding the limits every front door enforces together (docs/cluster.md, "Shared
    /// state in Redis"). Cluster mode is on when its <c>Endpoints</c> are non-empty.
    /// </summary>
    public ClusterRedisOptions Redis { get; set; } = new();

    /// <summary>True when shared state lives in Redis.</summary>
    public bool Enabled => Redis.Endpoints.Count > 0;
}
