using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.Cameras;

/// <summary>Wires the camera registry: its three sources, their options and the statistics extension point.</summary>
internal static class CameraRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Binds from <paramref name="configuration"/> and validates (at start, every problem at once) the <c>OriginMap</c>,
    /// <c>CameraRegistry</c> and <c>OriginMapStore</c> sections, and registers
    /// <see cref="CameraRegistry"/>, built when the host starts.
    /// </summary>
    public static IServiceCollection AddCameraRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OriginMapOptions>().Bind(configuration.GetSection(OriginMapOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OriginMapOptions>, OriginMapOptionsValidator>());
        services.AddOptions<CameraRegistryOptions>().Bind(configuration.GetSection(CameraRegistryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CameraRegistryOptions>, CameraRegistryOptionsValidator>());
        services.AddOptions<RedisOriginMapOptions>().Bind(configuration.GetSection(RedisOriginMapOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOriginMapOptions>, RedisOriginMapOptionsValidator>());
        services.TryAddSingleton<StaticOriginMap>();
        services.TryAddSingleton<RegisteredCameraStore>();
        services.TryAddSingleton<RedisOriginMapStore>();
        services.TryAddSingleton<CameraRegistry>();
        services.TryAddSingleton<IOriginCameras>(provider => provider.GetRequiredService<CameraRegistry>());
        services.TryAddSingleton<ICameraStatistics, NullCameraStatistics>();
        services.AddHostedService<CameraRegistryStartup>();
        return services;
    }
}
