using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.DemoCameras;
using SecureStream.Media.Hosting;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Cameras;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.ClusterSessions;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Lockout;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Metrics;
using SecureStream.Proxy.Pages;
using SecureStream.Proxy.Sessions;
using SecureStream.Proxy.Transcoding;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Builds the gateway: configuration (embedded appsettings.json, then SECURESTREAM_ environment
/// variables, then the command line), listeners, the policy, the gate, YARP and the management
/// API. The functional tests build it the same way, with their settings layered on top.
/// </summary>
internal static class GatewayHost
{
    public const string EnvironmentPrefix = "SECURESTREAM_";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        OriginSocket? originSocket = null;
        try
        {
            return Build(args, configure, prepared => originSocket = prepared);
        }
        catch
        {
            // A start refused after the socket's private directory was made leaves nothing behind.
            originSocket?.Remove();
            throw;
        }
    }

    private static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure, Action<OriginSocket> socketPrepared)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);

        var settings = builder.Configuration;
        var createdSecrets = CreateDevelopmentSecrets(settings);
        var developmentSecretUses = DevelopmentSecrets.FindUses(settings, settings.GetSection(PolicyOptions.SectionName).Get<PolicyOptions>()?.Path ?? new PolicyOptions().Path);
        var demoCameras = DemoCamerasSwitch.Apply(settings, developmentSecretUses, out var demoWhy);
        var services = builder.Services;
        // Minimal-API JSON finds the management replies' generated metadata first: a trimmed
        // gateway has no reflection-based JSON (docs/benchmarks/memory-and-startup.md).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ManagementReplyJsonContext.Default));
        services.AddOptions<ListenerOptions>().BindConfiguration(ListenerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ListenerOptions>, ListenerOptionsValidator>();
        services.AddOptions<OriginOptions>().BindConfiguration(OriginOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OriginOptions>, OriginOptionsValidator>();
        services.AddOptions<CameraCatalogOptions>().BindConfiguration(CameraCatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CameraCatalogOptions>, CameraCatalogOptionsValidator>();
        services.AddClientAddresses();
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.SectionName);

        var listeners = settings.GetSection(ListenerOptions.SectionName).Get<ListenerOptions>() ?? new ListenerOptions();
        var origin = settings.GetSection(OriginOptions.SectionName).Get<OriginOptions>() ?? new OriginOptions();
        // Front-door-only mode (docs/architecture.md, "The origin's face"): with origins listed, this
        // process pulls no camera and opens neither the media port nor the origin listener.
        var frontDoorOnly = origin.Destinations.Count > 0;
        // Single node: the front door reaches its embedded origin over a private Unix domain socket
        // when Listeners:OriginSocket chooses one (docs/architecture.md, "The hop to the embedded origin").
        var originSocket = !frontDoorOnly && listeners.Origin.Enabled && OriginSocket.IsChosen(listeners.OriginSocket)
            ? OriginSocket.Prepare(listeners.OriginSocket)
            : null;
        if (originSocket is not null)
        {
            socketPrepared(originSocket);
        }
        var bound = AddListeners(builder, listeners, frontDoorOnly
            ? [ListenerKind.Http, ListenerKind.Https, ListenerKind.Management]
            : [ListenerKind.Http, ListenerKind.Https, ListenerKind.Management, ListenerKind.Origin], originSocket);

        GatewayLogging.Configure(builder);

        services.TryAddSingletonTimeProvider();
        // Trace ids are this gateway's own, never a client's (EdgeTracePropagator).
        services.AddSingleton<System.Diagnostics.DistributedContextPropagator>(new EdgeTracePropagator());
        services.AddSingleton(provider => LoadPolicy(provider));
        services.AddSingleton<SignedUrlValidator>();
        services.AddSingleton<TokenLinkValidator>();
        if (settings.GetValue("DemoCameras:Enabled", defaultValue: false))
        {
            // The default run's cameras: looped clips served over RTSP on loopback (docs/demo-cameras.md).
            services.AddDemoCameras();
            services.AddDemoWall();
        }
        services.AddSingleton<ConfiguredCameraCatalog>();
        services.AddSingleton<ICameraCatalog, RegistryCameraCatalog>();
        services.AddSingleton<CameraStatisticsView>();
        services.AddSingleton<ThroughputMeter>();
        services.AddSingleton(provider => new SessionPeaks(
            new Lazy<IOriginCameras>(provider.GetRequiredService<IOriginCameras>), provider.GetRequiredService<TimeProvider>()));
        services.AddClusterState(settings);
        services.AddEntitlements();
        services.AddClusterNodeIdentity();
        services.AddAudit(
            provider => provider.GetRequiredService<GatewayLogging.AuditLogger>().Logger,
            provider => provider.GetRequiredService<ClusterNodeIdentity>().NodeId,
            provider => provider.GetRequiredService<GatewayLogging.AuditLogger>().MessageOnly);
        // The singletons below (AccessGate, AdmissionClosingQueue) keep their AdmissionClient for the
        // life of the process, so the factory's handler rotation can never retire the handler: it
        // would only mark it expired after 2 minutes and then run a 10 s cleanup timer forever,
        // waiting for a client that is never collected. The handler refreshes DNS itself
        // (PooledConnectionLifetime), so it lives as long as the clients do.
        services.AddSingleton<AdmissionMetrics>();
        services.AddHttpClient<AdmissionClient>()
            .ConfigurePrimaryHttpMessageHandler(() => AdmissionClient.CreateHandler(TimeSpan.FromSeconds(1)))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(provider => new AdmissionClosingQueue(
            provider.GetRequiredService<AdmissionClient>(),
            () => provider.GetRequiredService<PolicyStore>().Current.Admission,
            new AdmissionClosingQueueOptions(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AdmissionClosingQueue>>()));
        services.AddHostedService(provider => provider.GetRequiredService<AdmissionClosingQueue>());
        services.AddSingleton(provider => CreateTicketKey(origin));
        services.AddSingleton<TicketIssuer>();
        services.AddClusterSessions(settings, frontDoorOnly);
        services.AddOptions<GateOptions>().BindConfiguration(GateOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GateOptions>, GateOptionsValidator>();
        services.AddSingleton(provider => GateLimits.From(
            provider.GetRequiredService<IOptions<GateOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IAuditWriter>(),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<ISourceLockouts>()));
        services.AddHostedService<RefusalSummaryFlush>();
        // The embedded origin (single node), through the origin's public entry: WHEP and OME
        // signalling on Listeners:Origin; the session registry asks it to end sessions and hears
        // their ends (IViewerSessionEnds). A front door only keeps the camera registry, so the gate
        // and the management API know the cameras, and closes its sessions itself.
        services.AddSingleton<ITranscoderEvents, TranscoderRestartAudit>();
        if (frontDoorOnly)
        {
            services.AddMediaCameraRegistry(settings);
        }
        else
        {
            services.AddMediaOrigin(settings);
        }

        services.AddSingleton<SessionCloser>();
        services.AddSingleton<ISessionCloser>(provider => provider.GetRequiredService<SessionCloser>());
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<KickedCredentials>();
        services.AddHostedService<SessionDeadlineService>();
        services.AddSingleton<PolicyReloadService>();
        services.AddHostedService(provider => provider.GetRequiredService<PolicyReloadService>());
        services.AddSingleton<ManagementAuthentication>();
        services.AddSingleton<RecentDenials>();
        services.AddSingleton<AuditChainCheck>();
        services.AddGatewayMetrics(settings);
        services.AddSingleton<GateMetrics>();
        services.AddSingleton<AccessGate>();
        services.AddOriginRouting(origin, listeners.Origin, originSocket?.Path);
        if (originSocket is not null)
        {
            // Made by the factory, so the container disposes it (removing the socket's directory) with the host.
            services.AddSingleton(_ => originSocket);
        }

        var app = builder.Build();
        foreach (var created in createdSecrets)
        {
            HostLog.DevelopmentSecretCreated(app.Logger, created);
        }

        if (developmentSecretUses.Count > 0)
        {
            HostLog.DevelopmentSecretsInUse(app.Logger, string.Join(", ", developmentSecretUses));
        }

        HostLog.DemoCamerasDecided(app.Logger, demoCameras ? "on" : "off", demoWhy);
        if (originSocket is not null)
        {
            OriginSocket.Log.OriginListeningOnSocket(app.Logger, originSocket.Path, originSocket.RemovedStaleFile);
            app.Services.GetRequiredService<OriginSocket>();
            app.Lifetime.ApplicationStopped.Register(originSocket.Remove);
        }
        if (frontDoorOnly)
        {
            HostLog.FrontDoorOnly(app.Logger, origin.Destinations.Count);
        }

        app.UseWebSockets();
        app.MapWhen(
            context => bound.KindOf(context.Connection) == ListenerKind.Management,
            management => management.UseManagementApi());
        if (!frontDoorOnly)
        {
            app.MapWhen(
                context => bound.KindOf(context.Connection) == ListenerKind.Origin,
                embeddedOrigin => embeddedOrigin.UseMediaOrigin());
        }

        if (originSocket is null)
        {
            OriginRouting.FollowEmbeddedOrigin(app, origin, listeners.Origin, bound);
        }

        PageEndpoints.Map(app);
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<GateMiddleware>();
            proxy.UseOriginChoice();
            proxy.UseMiddleware<SessionOriginTracker>();
        });
        return app;
    }

    /// <summary>
    /// The configuration every host of this executable reads, in this order: the embedded
    /// appsettings.json, then <c>SECURESTREAM_</c> environment variables, then the command line.
    /// </summary>
    internal static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // The slim builder: Kestrel without IIS integration or HTTP/3 (QUIC), routing without regex
        // constraints (no route uses one), no Debug/EventSource logging providers (Serilog replaces
        // them). Idle, it maps six fewer assemblies, ≈ 2 MB (docs/benchmarks/memory-and-startup.md,
        // "Idle: runtime knobs, loading less, trimming").
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        // HTTPS from a "Kestrel" configuration section keeps working as with the full builder; the
        // gateway's own listeners call UseHttps with their certificate (ConfigureListeners).
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args);
        return builder;
    }

    /// <summary>
    /// Binds the <paramref name="kinds"/> of listener that are enabled in <c>Listeners</c>, each
    /// behind its connection pool, and registers what they need (their options, pools and ports).
    /// With <paramref name="originSocket"/>, the origin listener binds that Unix domain socket
    /// instead of its TCP port.
    /// </summary>
    internal static BoundListeners AddListeners(WebApplicationBuilder builder, ListenerOptions listeners, IReadOnlyCollection<ListenerKind> kinds, OriginSocket? originSocket = null)
    {
        var services = builder.Services;
        var bound = new BoundListeners();
        services.AddSingleton(bound);
        services.AddSingleton<ConnectionLimits>();
        var gateLimits = builder.Configuration.GetSection(GateOptions.SectionName).Get<GateOptions>() ?? new GateOptions();
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureListeners(kestrel, listeners, gateLimits, bound, kinds, originSocket));
        return bound;
    }

    private static void ConfigureListeners(
        KestrelServerOptions kestrel, ListenerOptions listeners, GateOptions gate, BoundListeners bound, IReadOnlyCollection<ListenerKind> kinds, OriginSocket? originSocket)
    {
        kestrel.AddServerHeader = false;
        RequestLimits.Apply(kestrel.Limits, listeners, gate);
        var connections = kestrel.ApplicationServices.GetRequiredService<ConnectionLimits>();

        // Each listener's connection pool is its first middleware: a refused connection is closed
        // before TLS and before a byte is read (docs/security.md, "Connections and request bounds").
        void Listen(ListenerKind kind, EndpointOptions endpoint, Action<ListenOptions>? more = null) =>
            kestrel.Listen(IPAddress.Parse(endpoint.Address), endpoint.Port, options =>
            {
                options.Use(connections.Of(kind).Wrap);
                more?.Invoke(options);
                bound.Add(kind, options);
            });

        if (listeners.Http.Enabled && kinds.Contains(ListenerKind.Http))
        {
            Listen(ListenerKind.Http, listeners.Http);
        }

        if (listeners.Https.Enabled && kinds.Contains(ListenerKind.Https))
        {
            var password = ResolveOptionalSecret(listeners.CertificatePassword);
            var certificate = DevelopmentCertificate.LoadOrCreate(listeners.CertificatePath, password, listeners.CreateDevelopmentCertificate);
            Listen(ListenerKind.Https, listeners.Https, options => options.UseHttps(certificate));
        }

        if (listeners.Management.Enabled && kinds.Contains(ListenerKind.Management))
        {
            Listen(ListenerKind.Management, listeners.Management);
        }

        if (listeners.Origin.Enabled && kinds.Contains(ListenerKind.Origin) && originSocket is not null)
        {
            kestrel.ListenUnixSocket(originSocket.Path, options =>
            {
                options.Use(connections.Of(ListenerKind.Origin).Wrap);
                bound.Add(ListenerKind.Origin, options);
            });
        }
        else if (listeners.Origin.Enabled && kinds.Contains(ListenerKind.Origin))
        {
            Listen(ListenerKind.Origin, listeners.Origin);
        }
    }

    private static string? ResolveOptionalSecret(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        return SecretReference.TryResolve(reference, out var secret, out var error)
            ? System.Text.Encoding.UTF8.GetString(secret!.Span)
            : throw new InvalidOperationException("Listeners:CertificatePassword " + error);
    }

    internal static TicketKey CreateTicketKey(OriginOptions origin) =>
        string.IsNullOrEmpty(origin.TicketKey)
            ? TicketKey.CreateRandom()
            : SecretReference.TryResolve(origin.TicketKey, out var key, out var error)
                ? new TicketKey(key!)
                : throw new InvalidOperationException("Origin:TicketKey " + error);

    /// <summary>Before anything validates secrets: create the development ones the default run needs.</summary>
    private static IReadOnlyList<string> CreateDevelopmentSecrets(ConfigurationManager settings)
    {
        var policy = settings.GetSection(PolicyOptions.SectionName).Get<PolicyOptions>() ?? new PolicyOptions();
        if (!policy.CreateMissingDevelopmentSecrets)
        {
            return [];
        }

        var management = settings.GetSection(ManagementOptions.SectionName).Get<ManagementOptions>() ?? new ManagementOptions();
        var audit = settings.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        return DevelopmentSecrets.CreateMissing(policy.Path, management.AccessToken, audit.CheckpointKey);
    }

    private static PolicyStore LoadPolicy(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PolicyOptions>>().Value;
        var time = provider.GetRequiredService<TimeProvider>();

        var result = PolicyFileLoader.LoadFile(options.Path, time);
        if (result.Snapshot is null)
        {
            throw new PolicyFileException(options.Path, result.Errors);
        }

        return new PolicyStore(result.Snapshot, options.Path);
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
