using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Wires up client address resolution.</summary>
internal static class ClientAddressServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrustedProxyOptions"/> from the <c>TrustedProxies</c> section, validates it at
    /// start (every bad CIDR reported) and registers <see cref="ClientAddressResolver"/>.
    /// </summary>
    public static IServiceCollection AddClientAddresses(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        services.AddSingleton<ClientAddressResolver>();
        return services;
    }
}
