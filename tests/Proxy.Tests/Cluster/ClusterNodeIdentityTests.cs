using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>Cluster:NodeId: the host-name default, the validation at start, and one resolution.</summary>
public sealed class ClusterNodeIdentityTests
{
    [Theory]
    [InlineData("FrontDoor-1", "frontdoor-1")]
    [InlineData("web_01.example", "web01example")]
    [InlineData("Ünïcode-Host", "ncode-host")]
    [InlineData("a-very-long-host-name-of-forty-characters", "a-very-long-host-name-of-forty-c")]
    public void Resolve_EmptyNodeId_HostNameLowercasedReducedAndCut(string hostName, string expected)
    {
        var identity = ClusterNodeIdentity.Resolve(new ClusterOptions(), hostName);

        Assert.Equal(expected, identity.NodeId);
        Assert.True(identity.FromHostName);
        Assert.True(new ClusterNodeIdValidator(hostName).Validate(null, new ClusterOptions()).Succeeded);
    }

    [Fact]
    public void Resolve_ConfiguredNodeId_TakenAsWritten()
    {
        var identity = ClusterNodeIdentity.Resolve(new ClusterOptions { NodeId = "fd-east-2" }, "ignored-host");

        Assert.Equal("fd-east-2", identity.NodeId);
        Assert.False(identity.FromHostName);
    }

    [Theory]
    [InlineData("FD-East")]
    [InlineData("fd east")]
    [InlineData("fd_east")]
    [InlineData("fd-east-and-a-name-longer-than-32")]
    [InlineData("fd-east\n")]
    public void Validate_ConfiguredNodeIdOutsideTheRule_FailsNamingTheSetting(string nodeId)
    {
        var result = new ClusterNodeIdValidator("host").Validate(null, new ClusterOptions { NodeId = nodeId });

        Assert.True(result.Failed);
        Assert.StartsWith("Cluster:NodeId: must be 1–32 of a-z 0-9 -", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostNameWithNothingUsable_AsksForAnExplicitNodeId()
    {
        var result = new ClusterNodeIdValidator("___").Validate(null, new ClusterOptions());

        Assert.True(result.Failed);
        Assert.Contains("set Cluster:NodeId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddClusterNodeIdentity_InvalidNodeId_ValidatedAtStart()
    {
        using var provider = Build(new() { ["Cluster:NodeId"] = "Not Valid" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ClusterNodeIdentity>());

        Assert.Contains("Cluster:NodeId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddClusterNodeIdentity_Empty_ThisMachinesReducedHostNameOnce()
    {
        using var provider = Build([]);

        var identity = provider.GetRequiredService<ClusterNodeIdentity>();

        Assert.Equal(ClusterNodeIdentity.ReduceHostName(Environment.MachineName), identity.NodeId);
        Assert.Same(identity, provider.GetRequiredService<ClusterNodeIdentity>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddClusterNodeIdentity();
        return services.BuildServiceProvider();
    }
}
