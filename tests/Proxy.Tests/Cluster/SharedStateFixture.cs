using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>The cluster's shared-state connection, as a front door builds it, to a test's redis-server.</summary>
internal static class SharedStateFixture
{
    /// <summary>
    /// A node's <see cref="SharedState"/>. The operation timeout is generous: a loaded 2-core CI
    /// machine must not turn a slow answer into a false "unavailable".
    /// </summary>
    public static SharedState Connect(string endpoint, string nodeId = "node-a", int operationTimeoutMs = 5000, ILogger<SharedState>? logger = null, ClusterMetrics? metrics = null)
    {
        var options = new ClusterOptions
        {
            NodeId = nodeId,
            Redis = new ClusterRedisOptions { Endpoints = [endpoint], OperationTimeoutMs = operationTimeoutMs, ConnectTimeoutMs = 2000, KeyPrefix = "t:" },
        };
        Assert.True(new ClusterRedisValidator().Validate(null, options).Succeeded);
        Assert.True(new ClusterNodeIdValidator().Validate(null, options).Succeeded);
        return new SharedState(Options.Create(options), ClusterNodeIdentity.Resolve(options), logger ?? NullLogger<SharedState>.Instance, metrics);
    }
}
