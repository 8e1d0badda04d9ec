using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary><c>Cluster:Redis</c> is checked at start-up: an explicit node id with Redis on, and the connection.</summary>
public sealed class ClusterRedisValidatorTests
{
    [Fact]
    public void Off_WithoutEndpoints_NothingToCheck()
    {
        var validator = new ClusterRedisValidator();

        Assert.True(validator.Validate(null, new ClusterOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ClusterOptions { NodeId = "edge-01" }).Succeeded);
        Assert.False(new ClusterOptions().Enabled);
    }

    [Fact]
    public void RedisOn_ReportsEveryProblemAtOnce_UnderClusterRedis()
    {
        var result = new ClusterRedisValidator().Validate(null, new ClusterOptions
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
        services.AddClusterNodeIdentity();
        services.AddClusterState(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cluster:NodeId: required", failure.Message, StringComparison.Ordinal);
    }
}
