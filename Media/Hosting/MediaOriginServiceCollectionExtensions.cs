using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Media.Frames;
using SecureStream.Media.Origin;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Sources;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Hosting;

/// <summary>
/// The origin's one public entry (docs/architecture.md, "The origin's face"): a host — the
/// single-node gateway, a front door, or the <c>origin</c> verb's standalone origin — wires the
/// origin with these calls only and reaches it afterwards only through the few public interfaces
/// they register (<see cref="IOriginCameras"/>, <see cref="ICameraStatistics"/>,
/// <see cref="IPersistentCameras"/>, <see cref="IViewerSessionEnds"/>, <see cref="IViewerSessionStatistics"/>).
/// Every setting keeps its section name (docs/configuration.md).
/// </summary>
public static class MediaOriginServiceCollectionExtensions
{
    /// <summary>The section of the RTSP client's settings.</summary>
    public const string RtspSectionName = "Rtsp";

    /// <summary>
    /// Registers the whole origin: the camera registry (<c>OriginMap</c>, <c>CameraRegistry</c>,
    /// <c>OriginMapStore</c>), the RTSP client (<c>Rtsp</c>), one shared pull per camera (the stream
    /// hub), persistent cameras, the WebRTC media port (<c>WebRtc:*</c>), transcoding
    /// (<c>Transcoding</c>), snapshots (<c>Snapshots</c>) and WHEP / OME WebSocket signalling.
    /// <paramref name="configuration"/> is the host's configuration (the one it registers as a
    /// service, which the WebRTC, transcoding and snapshot sections bind from too). Every section
    /// is validated when the host starts, every problem at once.
    /// The host registers, before this call, the <see cref="TicketKey"/> it shares with its front
    /// doors, and may register an <see cref="ITranscoderEvents"/> (told of every transcoder
    /// restart); a front door in the same process observes session ends through
    /// <see cref="IViewerSessionEnds.Observe"/>. Without them the origin tells nobody.
    /// </summary>
    public static IServiceCollection AddMediaOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RtspClientOptions>().Bind(configuration.GetSection(RtspSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RtspClientOptions>, RtspClientOptionsValidator>());
        services.TryAddSingleton<ICameraSourceFactory, CameraSourceFactory>();
        services.AddStreamHub();
        // Before the registry, which adds the idle statistics only when none are registered.
        services.TryAddSingleton<ICameraStatistics, HubCameraStatistics>();
        services.TryAddSingleton<PersistentCameras>();
        services.TryAddSingleton<IPersistentCameras>(provider => provider.GetRequiredService<PersistentCameras>());
        services.AddHostedService(provider => provider.GetRequiredService<PersistentCameras>());
        services.AddCameraRegistry(configuration);
        services.AddOriginSignalling();
        services.TryAddSingleton<IViewerSessionStatistics, OriginViewerStatistics>();
        services.AddMediaMetrics();
        return services;
    }

    /// <summary>
    /// Registers the camera registry alone, from the same sections as <see cref="AddMediaOrigin"/>,
    /// for a front door whose origins run elsewhere (front-door-only mode): the gate and the
    /// management API know the same cameras, but this process pulls nothing — no stream hub, no
    /// media port, no signalling. Statistics show every camera idle, a persistent registration is
    /// refused (<c>front_door_only</c>), and no viewer session is live here
    /// (<see cref="IViewerSessionEnds.RequestEnd"/> answers false: the front door closes a session itself).
    /// </summary>
    public static IServiceCollection AddMediaCameraRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPersistentCameras, NoPersistentPulls>();
        services.TryAddSingleton<IViewerSessionEnds, NoViewerSessionEnds>();
        services.AddCameraRegistry(configuration);
        return services;
    }

    /// <summary>
    /// Serves the origin's signalling on this branch of the pipeline (WebSockets must be enabled
    /// before): the host decides which listener reaches it (<c>Listeners:Origin</c>).
    /// </summary>
    public static IApplicationBuilder UseMediaOrigin(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolved per request, not while the pipeline is built: building the camera registry
        // validates its configuration, and start-up must report every problem at once first.
        app.Run(context => context.RequestServices.GetRequiredService<OriginRequestRouter>().HandleAsync(context));
        return app;
    }
}
