using Microsoft.Extensions.Options;
using SecureStream.DemoCameras;
using SecureStream.Media.Hosting;
using SecureStream.Media.Origin;
using SecureStream.Proxy.ClusterSessions;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Builds the <c>origin</c> verb's host: the origin alone (docs/architecture.md, "The origin's
/// face") — signalling on <c>Listeners:Origin</c>, the media port and the camera registry — from
/// the same configuration sources and settings as <c>run</c> (<see cref="GatewayHost.CreateBuilder"/>),
/// wired through the origin's public entry only. No front-door listener, gate, management API or
/// page runs here — only, when <c>Listeners:Management</c> is enabled, the probes and the metrics
/// (<see cref="OriginManagementApi"/>) — and the origin writes no access decision: it accepts only tickets signed with
/// the key its front doors share (<c>Origin:TicketKey</c>, required), and it logs.
/// </summary>
internal static partial class OriginHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = GatewayHost.CreateBuilder(args);
        configure?.Invoke(builder);
        var settings = builder.Configuration;
        var origin = settings.GetSection(OriginOptions.SectionName).Get<OriginOptions>() ?? new OriginOptions();
        var listeners = settings.GetSection(ListenerOptions.SectionName).Get<ListenerOptions>() ?? new ListenerOptions();
        if (RefusalOf(origin, listeners) is { } refusal)
        {
            throw new OriginStartRefusedException(refusal);
        }

        var services = builder.Services;
        services.AddOptions<ListenerOptions>().BindConfiguration(ListenerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ListenerOptions>, ListenerOptionsValidator>();
        services.AddOptions<OriginOptions>().BindConfiguration(OriginOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OriginOptions>, OriginOptionsValidator>();
        var bound = GatewayHost.AddListeners(builder, listeners, [ListenerKind.Origin, ListenerKind.Management]);
        if (listeners.Management.Enabled)
        {
            // Not validated at start, unlike the gateway's: an origin that never used its management
            // listener must not stop starting for the appsettings.json development token it lacks.
            // A token that does not resolve opens nothing (ManagementAuthentication skips it) and
            // is logged once below; the probes need no token.
            services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName);
            services.AddSingleton<ManagementAuthentication>();
            services.AddGatewayMetrics(settings);
        }

        GatewayLogging.Configure(builder);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => GatewayHost.CreateTicketKey(origin));
        services.AddSingleton<OriginSessionEndLog>();
        services.AddOriginSessionTransport(settings);
        // DemoCameras:Enabled auto follows the front door's policy.json, which an origin does not
        // read: the demo cameras run beside a standalone origin only when set to true.
        if (!DemoCamerasSwitch.TryDecide(settings[DemoCamerasSwitch.Key], policyUsesDevelopmentSecrets: false, out var demoCameras, out _))
        {
            throw new OriginStartRefusedException($"origin: {DemoCamerasSwitch.Key} is \"{settings[DemoCamerasSwitch.Key]}\"; set it to auto (the default), true or false");
        }

        if (demoCameras)
        {
            services.AddDemoCameras();
        }

        services.AddMediaOrigin(settings);

        var app = builder.Build();
        // No front door in this process: a session's end is logged here and, in cluster mode,
        // published to the front door that admitted it (docs/cluster.md, "Sessions across nodes").
        app.Services.GetRequiredService<IViewerSessionEnds>().Observe(app.Services.OriginSessionObserver());
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var endpoint = bound.EndpointOf(ListenerKind.Origin);
            Log.Started(app.Logger, endpoint);
            if (listeners.Management.Enabled &&
                new ManagementOptionsValidator().Validate(null, app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value) is { Failed: true } tokens)
            {
                Log.ManagementTokensUnusable(app.Logger, tokens.FailureMessage);
            }
        });
        app.UseWebSockets();
        if (listeners.Management.Enabled)
        {
            app.MapWhen(
                context => bound.KindOf(context.Connection) == ListenerKind.Management,
                management => management.UseOriginManagementApi());
        }

        app.UseMediaOrigin();
        return app;
    }

    /// <summary>
    /// Why the origin must not start with these settings, or null: without the shared ticket key
    /// a standalone origin would make a random one no front door can sign for, and without its
    /// listener it serves nobody.
    /// </summary>
    internal static string? RefusalOf(OriginOptions origin, ListenerOptions listeners) =>
        string.IsNullOrWhiteSpace(origin.TicketKey)
            ? "origin: Origin:TicketKey is required; set it to the secret reference (env:NAME or file:PATH) of the key the front doors share"
            : !listeners.Origin.Enabled
                ? "origin: Listeners:Origin is disabled; the origin serves its signalling there, so enable it (Address and Port)"
                : null;
}

/// <summary>The <c>origin</c> verb's settings cannot run an origin; the message names the setting and the fix.</summary>
internal sealed class OriginStartRefusedException(string message) : Exception(message);
