using System.Buffers;

namespace SecureStream.Policy.Audit;

/// <summary>
/// What a node id may be (docs/cluster.md, <c>Cluster:NodeId</c>): 1–<see cref="AuditLimits.MaxNodeLength"/>
/// of <c>a-z 0-9 -</c>. Every audit record carries it, tickets name the admitting front door by it
/// and Redis channels are named after it, so one rule serves all three.
/// </summary>
internal static class NodeIdRule
{
    /// <summary>The characters a node id is made of.</summary>
    public static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>True when <paramref name="nodeId"/> matches <c>^[a-z0-9-]{1,32}$</c>.</summary>
    public static bool IsValid(string nodeId) =>
        nodeId.Length is > 0 and <= AuditLimits.MaxNodeLength && !nodeId.AsSpan().ContainsAnyExcept(Allowed);
}
