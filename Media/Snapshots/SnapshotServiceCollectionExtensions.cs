using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Snapshots;

/// <summary>Wires snapshots: options (section <c>Snapshots</c>), the cache, the service and the origin endpoint.</summary>
internal static class SnapshotServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SnapshotOptions"/> at start and registers the snapshot parts as
    /// singletons. An <see cref="IKeyframeDecoder"/> registered before this call wins (tests count decodes with one).
    /// </summary>
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnapshotOptions>, SnapshotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddTranscoding();
        services.TryAddSingleton<IKeyframeDecoder, FfmpegKeyframeDecoder>();
        services.TryAddSingleton<SnapshotMetrics>();
        services.TryAddSingleton<SnapshotCache>();
        services.TryAddSingleton<SnapshotService>();
        services.TryAddSingleton<SnapshotEndpoint>();
        return services;
    }
}
