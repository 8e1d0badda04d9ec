using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>Wires up WebRTC sessions and the parts they compose.</summary>
internal static class WebRtcSessionServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="WebRtcSessionOptions"/> (section <c>WebRtc:Sessions</c>) at start, and
    /// registers the ICE endpoint (<see cref="IceServiceCollectionExtensions.AddIceEndpoint"/>), DTLS
    /// (<see cref="DtlsServiceCollectionExtensions.AddDtls"/>), the shared
    /// <see cref="CameraTrackPacketizers"/>, the sessions' instruments (<see cref="ViewerSessionMetrics"/>)
    /// and the <see cref="WebRtcSessionFactory"/> as singletons.
    /// </summary>
    public static IServiceCollection AddWebRtcSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebRtcSessionOptions>().BindConfiguration(WebRtcSessionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebRtcSessionOptions>, WebRtcSessionOptionsValidator>());
        services.AddIceEndpoint();
        services.AddDtls();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CameraTrackPacketizers>();
        services.AddMetrics();
        services.TryAddSingleton<ViewerSessionMetrics>();
        services.TryAddSingleton<WebRtcSessionFactory>();
        return services;
    }
}
