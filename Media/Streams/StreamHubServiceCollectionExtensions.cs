using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecureStream.Media.Streams;

/// <summary>Wires the stream hub.</summary>
internal static class StreamHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StreamHub"/> (singleton, disposed with the container: every source closes)
    /// and its metrics. Needs an <see cref="Frames.ICameraSourceFactory"/> and an
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (the generic host registers one).
    /// </summary>
    public static IServiceCollection AddStreamHub(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamHubMetrics>();
        services.TryAddSingleton<StreamHub>();
        return services;
    }
}
