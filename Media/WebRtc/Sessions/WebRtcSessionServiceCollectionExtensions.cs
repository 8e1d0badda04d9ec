using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>Wires up WebRTC sessions and the parts they compose.</summary>
internal static class WebRtcSessionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ICE endpoint (<see cref="IceServiceCollectionExtensions.AddIceEndpoint"/>), DTLS
    /// (<see cref="DtlsServiceCollectionExtensions.AddDtls"/>), the shared
    /// <see cref="CameraTrackPacketizers"/> and the <see cref="WebRtcSessionFactory"/> as singletons.
    /// </summary>
    public static IServiceCollection AddWebRtcSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddIceEndpoint();
        services.AddDtls();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CameraTrackPacketizers>();
        services.TryAddSingleton<WebRtcSessionFactory>();
        return services;
    }
}
