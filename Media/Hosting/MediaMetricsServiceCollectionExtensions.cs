using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Hosting;

/// <summary>Wires the origin's observable instruments (docs/metrics.md, "Media").</summary>
internal static class MediaMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the per-camera and transcoder gauges and makes them, with the sessions'
    /// instruments, at host start. Needs the stream hub and the registry registered.
    /// </summary>
    public static IServiceCollection AddMediaMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<CameraPullMetrics>();
        services.TryAddSingleton<TranscoderMetrics>();
        services.AddHostedService<MediaMetricsStartup>();
        return services;
    }
}
