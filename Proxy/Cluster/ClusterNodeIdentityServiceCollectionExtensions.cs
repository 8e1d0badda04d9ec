using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Cluster;

/// <summary>Wires this node's id (docs/cluster.md).</summary>
internal static class ClusterNodeIdentityServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>Cluster</c> section, validates the effective node id at start
    /// (<see cref="ClusterNodeIdValidator"/>) and registers <see cref="ClusterNodeIdentity"/>,
    /// resolved once — the audit journal takes it when it opens at start.
    /// </summary>
    public static IServiceCollection AddClusterNodeIdentity(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterNodeIdValidator>());
        services.TryAddSingleton(provider => ClusterNodeIdentity.ResolveAtStart(
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value, provider.GetRequiredService<ILogger<ClusterNodeIdentity>>()));
        return services;
    }
}
