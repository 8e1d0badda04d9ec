using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Entitlements;
using SecureStream.Proxy.Lockout;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Cluster;

/// <summary>Wires the <c>Cluster</c> section and, in cluster mode, the limits' shared state in Redis.</summary>
internal static class ClusterStateServiceCollectionExtensions
{
    /// <summary>
    /// Validates <c>Cluster:Redis</c> at start-up and, with <c>Cluster:Redis:Endpoints</c> set, keeps
    /// link uses, session counts, lockouts and kicked credentials in Redis (docs/cluster.md,
    /// "Shared state in Redis"); otherwise in this process, as on a single node. The section itself
    /// is bound once, by <see cref="ClusterNodeIdentityServiceCollectionExtensions.AddClusterNodeIdentity"/>
    /// (binding it twice would append the endpoint list to itself). Call before
    /// <c>AddEntitlements</c>, which only adds the single-node stores when none is registered.
    /// </summary>
    public static IServiceCollection AddClusterState(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterRedisValidator>());
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!cluster.Enabled)
        {
            services.TryAddSingleton<IBarredCredentials>(provider => provider.GetRequiredService<KickedCredentials>());
            return services;
        }

        services.TryAddSingleton<ClusterMetrics>();
        services.TryAddSingleton<SharedState>();
        services.TryAddSingleton<ILinkUseRegistry, RedisLinkUseRegistry>();
        services.TryAddSingleton<RedisSessionCounter>();
        services.TryAddSingleton<ISessionCounter>(provider => provider.GetRequiredService<RedisSessionCounter>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisSessionCounter>());
        services.TryAddSingleton<ISourceLockouts, RedisSourceLockouts>();
        services.TryAddSingleton<IBarredCredentials, RedisBarredCredentials>();
        return services;
    }
}
