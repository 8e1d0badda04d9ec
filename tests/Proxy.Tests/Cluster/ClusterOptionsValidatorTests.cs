using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>The <c>Cluster</c> section is checked at start-up: node id shape, a node id with Redis on, the connection.</summary>
public sealed class ClusterOptionsValidatorTests
{
    [Fact]
    public void Off_WithoutEndpoints_AnyValidNodeIdOrNone()
    {
        var validator = new ClusterOptionsValidator();

        Assert.True(validator.Validate(null, new ClusterOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ClusterOptions { NodeId = "edge-01" }).Succeeded);
        Assert.False(new ClusterOptions().Enabled);
    }

    [Theory]
    [InlineData("Edge-1")]
    [InlineData("edge_1")]
    [InlineData("edge 1")]
    [InlineData("a23456789012345678901234567890123")]
    public void NodeId_OutsideTheAlphabetOrTooLong_Refused(string nodeId)
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions { NodeId = nodeId });

        Assert.True(result.Failed);
        Assert.StartsWith("Cluster:NodeId:", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void RedisOn_ReportsEveryProblemAtOnce_UnderClusterRedis()
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions
        {
            Redis = new ClusterRedisOptions
            {
                Endpoints = ["not an endpoint"],
                User = "front",
                KeyPrefix = "has space",
                Database = 2000,
                ConnectTimeoutMs = 5,
                OperationTimeoutMs = 10_000,
                TlsHost = "redis.example",
            },
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Cluster:NodeId: required", StringComparison.Ordinal));
        foreach (var key in new[] { "Endpoints:0", "Password", "KeyPrefix", "Database", "ConnectTimeoutMs", "OperationTimeoutMs", "TlsHost" })
        {
            Assert.Contains(failures, f => f.StartsWith("Cluster:Redis:" + key + ":", StringComparison.Ordinal));
        }

        Assert.Equal(8, failures.Count);
    }

    [Fact]
    public void AddClusterState_WithRedisButNoNodeId_FailsTheStartUpValidation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:Redis:Endpoints:0"] = "127.0.0.1:6379" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddClusterState(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cluster:NodeId: required", failure.Message, StringComparison.Ordinal);
    }
}
