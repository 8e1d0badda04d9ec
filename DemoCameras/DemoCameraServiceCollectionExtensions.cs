using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;

namespace SecureStream.DemoCameras;

/// <summary>Wires the demo cameras: options, the server (a singleton, so its <see cref="DemoCameraServer.LocalEndPoint"/> can turn <c>demo://</c> URLs into rtsp ones), and its start and stop with the host.</summary>
public static class DemoCameraServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>DemoCameras</c> section at start and registers
    /// <see cref="DemoCameraServer"/>, started with the host. The server listens on
    /// <c>127.0.0.1:8554</c> unless configured otherwise.
    /// </summary>
    public static IServiceCollection AddDemoCameras(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DemoCameraServerOptions>().BindConfiguration(DemoCameraServerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DemoCameraServerOptions>, DemoCameraServerOptionsValidator>());
        services.TryAddSingleton(sp => new DemoCameraServer(
            sp.GetRequiredService<IOptions<DemoCameraServerOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<DemoCameraHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OriginMapOptions>, DemoSubstreams>());
        return services;
    }
}
