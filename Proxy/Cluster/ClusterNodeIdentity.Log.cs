using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Cluster;

/// <summary>Diagnostic log definitions for <see cref="ClusterNodeIdentity"/> (event ids 1870–1879).</summary>
internal sealed partial class ClusterNodeIdentity
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1870, EventName = "NodeIdResolved", Level = LogLevel.Information,
            Message = "This node is {NodeId} ({Source}); every audit record carries it")]
        public static partial void Resolved(ILogger logger, string nodeId, string source);
    }
}
