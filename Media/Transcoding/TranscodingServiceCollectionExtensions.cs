using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.Transcoding;

/// <summary>Wires up transcoding.</summary>
internal static class TranscodingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TranscodingOptions"/> (section <c>Transcoding</c>) at start,
    /// and registers the <see cref="FfmpegBox"/> and the <see cref="TranscoderHub"/> (as
    /// <see cref="ITrackTranscoders"/>, disposed with the container: every ffmpeg is killed) as singletons.
    /// An <see cref="ITranscoderEvents"/> registered before this call is told of every restart.
    /// </summary>
    public static IServiceCollection AddTranscoding(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TranscodingOptions>().BindConfiguration(TranscodingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscodingOptions>, TranscodingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FfmpegBox>();
        services.TryAddSingleton<ITranscoderEvents, NoTranscoderEvents>();
        services.TryAddSingleton<TranscoderHub>();
        services.TryAddSingleton<ITrackTranscoders>(provider => provider.GetRequiredService<TranscoderHub>());
        return services;
    }
}
