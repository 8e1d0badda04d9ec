using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecureStream.Policy.Entitlements;

/// <summary>Wires up the entitlement services that outlive a policy reload.</summary>
public static class EntitlementServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="SessionLimiter"/> and the single-node link-use registry as
    /// singletons (shared across policy reloads, so live counts survive them). The
    /// <see cref="EntitlementTable"/> itself is part of the policy snapshot, not a service.
    /// A cluster registers its Redis-backed <see cref="ILinkUseRegistry"/> and
    /// <see cref="ISessionCounter"/> before calling this.
    /// </summary>
    public static IServiceCollection AddEntitlements(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SessionLimiter>();
        services.TryAddSingleton<ISessionCounter>(provider => provider.GetRequiredService<SessionLimiter>());
        services.TryAddSingleton<ILinkUseRegistry, InMemoryLinkUseRegistry>();
        return services;
    }
}
