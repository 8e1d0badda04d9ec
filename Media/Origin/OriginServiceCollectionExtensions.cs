using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureStream.Media.Snapshots;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Origin;

/// <summary>Wires the origin's signalling: WHEP and OME WebSocket on top of WebRTC sessions and the stream hub.</summary>
internal static class OriginServiceCollectionExtensions
{
    /// <summary>
    /// Registers the origin's signalling. The host provides the <see cref="TicketKey"/> it shares
    /// with the front door, the camera registry and the stream hub. <see cref="IViewerSessionEnds"/>
    /// is the origin's side of the session-end seam: the front door asks it to end sessions and
    /// observes the ends it reports.
    /// </summary>
    public static IServiceCollection AddMediaOrigin(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddWebRtcSessions();
        services.AddTranscoding();
        services.TryAddSingleton(provider => new TicketValidator(provider.GetRequiredService<TicketKey>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<OriginGate>();
        services.TryAddSingleton<OriginViewers>();
        services.TryAddSingleton<IViewerSessionEnds>(provider => provider.GetRequiredService<OriginViewers>());
        services.TryAddSingleton<ViewerTranscoding>();
        services.TryAddSingleton<WhepSignalling>();
        services.TryAddSingleton<OmeWebSocketSignalling>();
        services.AddSnapshots();
        services.TryAddSingleton<OriginRequestRouter>();
        services.AddHostedService<OriginShutdown>();
        return services;
    }

    /// <summary>Serves the origin's signalling on this branch of the pipeline (WebSockets must be enabled before).</summary>
    public static IApplicationBuilder UseMediaOrigin(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolved per request, not while the pipeline is built: building the camera registry
        // validates its configuration, and start-up must report every problem at once first.
        app.Run(context => context.RequestServices.GetRequiredService<OriginRequestRouter>().HandleAsync(context));
        return app;
    }
}
