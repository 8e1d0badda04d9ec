using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Wires the shared ICE port.</summary>
internal static class IceServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>WebRtc:Ice</c> section at start and registers the one
    /// <see cref="IceUdpEndpoint"/>, bound when the host starts (a taken port is retried in the
    /// background, <see cref="IceEndpointStartup"/>) and closed when it stops. Sessions make their own <see cref="IceLiteAgent"/> and
    /// <see cref="IceUdpEndpoint.Register"/> it.
    /// </summary>
    public static IServiceCollection AddIceEndpoint(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IceEndpointOptions>().BindConfiguration(IceEndpointOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IceEndpointOptions>, IceEndpointOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new IceUdpEndpoint(
            sp.GetRequiredService<IOptions<IceEndpointOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<IceUdpEndpoint>>()));
        services.TryAddSingleton<Hosting.IMediaPortState>(sp => sp.GetRequiredService<IceUdpEndpoint>());
        services.AddHostedService<IceEndpointStartup>();
        return services;
    }
}
