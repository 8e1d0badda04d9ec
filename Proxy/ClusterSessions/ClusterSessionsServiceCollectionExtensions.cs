using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureStream.Media.Origin;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>Wires sessions across nodes (docs/cluster.md, "Sessions across nodes").</summary>
internal static class ClusterSessionsServiceCollectionExtensions
{
    /// <summary>
    /// A front door's part. Always: the kick the management API runs and, with origins listed,
    /// the watch that ends a lost origin's sessions <c>origin_lost</c>. In cluster mode
    /// (<c>Cluster:Redis</c>): tickets name this node, the live session list is kept in Redis, this
    /// node's channel is heard, and — with origins in other processes — end requests are published
    /// to them. Call before the origin (or its camera registry) is added, whose session-end seam
    /// is only the default.
    /// </summary>
    public static IServiceCollection AddClusterSessions(this IServiceCollection services, IConfiguration configuration, bool frontDoorOnly)
    {
        services.TryAddSingleton<SessionKick>();
        if (frontDoorOnly)
        {
            services.AddHostedService<OriginLossWatcher>();
        }

        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!cluster.Enabled)
        {
            return services;
        }

        services.AddSingleton(provider => new TicketIssuer(provider.GetRequiredService<TicketKey>(), provider.GetRequiredService<TimeProvider>())
        {
            NodeId = provider.GetRequiredService<ClusterNodeIdentity>().NodeId,
        });
        services.TryAddSingleton<SessionMessageInbox>();
        services.TryAddSingleton<LiveSessionDirectory>();
        services.TryAddSingleton<ISessionMirror>(provider => provider.GetRequiredService<LiveSessionDirectory>());
        services.AddHostedService<LiveSessionHeartbeat>();
        services.AddHostedService<FrontDoorSessionInbox>();
        if (frontDoorOnly)
        {
            services.TryAddSingleton<IViewerSessionEnds, ClusterViewerSessionEnds>();
        }

        return services;
    }

    /// <summary>
    /// A standalone origin's part, in cluster mode only: its node id and the shared Redis
    /// connection, the transport that reports ends to the admitting front doors and hears their end
    /// requests. Returns false on a single node (ends are then only logged).
    /// </summary>
    public static bool AddOriginSessionTransport(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!cluster.Enabled)
        {
            return false;
        }

        services.AddClusterNodeIdentity();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<ClusterOptions>, ClusterRedisValidator>());
        services.TryAddSingleton<SharedState>();
        services.TryAddSingleton<SessionMessageInbox>();
        services.TryAddSingleton<OriginSessionTransport>();
        services.AddHostedService(provider => provider.GetRequiredService<OriginSessionTransport>());
        return true;
    }

    /// <summary>The observer a standalone origin registers: the transport in cluster mode, the log alone otherwise.</summary>
    public static IViewerSessionObserver OriginSessionObserver(this IServiceProvider services) =>
        (IViewerSessionObserver?)services.GetService<OriginSessionTransport>() ?? services.GetRequiredService<OriginSessionEndLog>();
}
