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
    /// Binds and validates <c>Cluster</c> (at start-up). With <c>Cluster:Redis:Endpoints</c> set,
    /// link uses, session counts, lockouts and kicked credentials live in Redis
    /// (docs/cluster.md, "Shared state in Redis"); otherwise in this process, as on a single node.
    /// Call before <c>AddEntitlements</c>, which only adds the single-node stores when none is registered.
    /// </summary>
    public static IServiceCollection AddClusterState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!cluster.Enabled)
        {
            services.TryAddSingleton<IBarredCredentials>(provider => provider.GetRequiredService<KickedCredentials>());
            return services;
        }

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
