using System.Buffers;
using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// This node's effective id (<c>Cluster:NodeId</c>, docs/cluster.md), resolved once at start-up:
/// the configured id, or — when it is empty — the machine's host name lowercased and reduced to
/// <c>a-z 0-9 -</c>, at most <see cref="MaxLength"/> characters. Every audit record carries it
/// (docs/audit.md), and a journal holds one node's records, so it must not change under a journal.
/// </summary>
internal sealed partial class ClusterNodeIdentity
{
    /// <summary>Longest node id: the audit journal's bound, as every record carries the id (32).</summary>
    public const int MaxLength = AuditLimits.MaxNodeLength;

    private static readonly SearchValues<char> Allowed = NodeIdRule.Allowed;

    private ClusterNodeIdentity(string nodeId, bool fromHostName)
    {
        NodeId = nodeId;
        FromHostName = fromHostName;
    }

    /// <summary>The node id: 1–32 of <c>a-z 0-9 -</c> once validated.</summary>
    public string NodeId { get; }

    /// <summary>True when <c>Cluster:NodeId</c> was empty and the id comes from the host name.</summary>
    public bool FromHostName { get; }

    /// <summary>The effective id for <paramref name="options"/> on a machine named <paramref name="hostName"/>.</summary>
    public static ClusterNodeIdentity Resolve(ClusterOptions options, string hostName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostName);
        return string.IsNullOrEmpty(options.NodeId)
            ? new ClusterNodeIdentity(ReduceHostName(hostName), fromHostName: true)
            : new ClusterNodeIdentity(options.NodeId, fromHostName: false);
    }

    /// <summary>As <see cref="Resolve(ClusterOptions, string)"/> on this machine (<see cref="Environment.MachineName"/>, the host name without its domain).</summary>
    public static ClusterNodeIdentity Resolve(ClusterOptions options) => Resolve(options, Environment.MachineName);

    /// <summary>Resolves this node's id once at start and logs it (event 1870), so the id every audit record carries is in the start-up log too.</summary>
    public static ClusterNodeIdentity ResolveAtStart(ClusterOptions options, ILogger logger)
    {
        var identity = Resolve(options);
        Log.Resolved(logger, identity.NodeId, identity.FromHostName ? "from the host name; Cluster:NodeId is empty" : "Cluster:NodeId");
        return identity;
    }

    /// <summary>True when <paramref name="nodeId"/> matches <c>^[a-z0-9-]{1,32}$</c>.</summary>
    public static bool IsValid(string nodeId) => NodeIdRule.IsValid(nodeId);

    /// <summary>Lowercased, every other character than <c>a-z 0-9 -</c> dropped, cut to <see cref="MaxLength"/>; empty when nothing is left.</summary>
    internal static string ReduceHostName(string hostName)
    {
        var kept = hostName.ToLowerInvariant().Where(Allowed.Contains).Take(MaxLength).ToArray();
        return new string(kept);
    }
}
