using System.Globalization;
using System.Net;
using SecureStream.Media.Origin;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Listeners;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// YARP wiring: one catch-all route to the origin cluster, reached only through the gate (the gate
/// runs inside YARP's pipeline and refuses anything it has not admitted). Each camera goes to one
/// origin, chosen by rendezvous hashing over the healthy ones (<see cref="CameraRendezvousPolicy"/>,
/// <see cref="UseOriginChoice"/>). The transform replaces
/// path and query with what the gate authorised, attaches the ticket, and strips client
/// credentials and address headers so nothing the client sent can speak for it at the origin.
/// </summary>
internal static class OriginRouting
{
    public const string ClusterId = "origin";

    // Passive health: at least this many requests to an origin within the window, and at least
    // this share of them failed at the transport level, mark it down.
    private const int PassiveMinimalRequests = 3;
    private const double PassiveFailureRateLimit = 0.5;

    /// <summary>
    /// Routes admitted signalling to <see cref="OriginOptions.Destinations"/>, or, when none are
    /// listed, to the embedded origin listener (single node): on its Unix domain socket
    /// <paramref name="embeddedOriginSocket"/> when it has one, else on <paramref name="embeddedOrigin"/>.
    /// </summary>
    public static IReverseProxyBuilder AddOriginRouting(
        this IServiceCollection services, OriginOptions origin, EndpointOptions embeddedOrigin, string? embeddedOriginSocket = null)
    {
        var routes = new[]
        {
            new RouteConfig
            {
                RouteId = "signalling",
                ClusterId = ClusterId,
                Match = new RouteMatch { Path = "/{**rest}" },
            },
        };
        var onSocket = origin.Destinations.Count == 0 && embeddedOriginSocket is not null;
        var addresses = origin.Destinations.Count > 0 ? origin.Destinations
            : onSocket ? [OriginSocketClientFactory.Address]
            : [EmbeddedAddress(embeddedOrigin)];
        var clusters = new[] { Cluster(addresses, origin) };
        services.AddSingleton<ILoadBalancingPolicy, CameraRendezvousPolicy>();
        services.AddSingleton<ForwardingMetrics>();
        services.AddSingleton<OriginAvailability>();
        services.AddSingleton<IAvailableDestinationsPolicy>(provider => provider.GetRequiredService<OriginAvailability>());
        services.Configure<TransportFailureRateHealthPolicyOptions>(passive =>
        {
            // Failures counted over the reactivation period, and only once a few requests went
            // there: one dropped request never moves an origin's cameras.
            passive.DetectionWindowSize = TimeSpan.FromMilliseconds(origin.HealthCheck.ReactivationMs);
            passive.MinimalTotalCountThreshold = PassiveMinimalRequests;
        });

        var proxy = services.AddReverseProxy().ReadKeyRingOnFirstUse();
        if (onSocket)
        {
            // After AddReverseProxy, so this registration is the one resolved.
            services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory>(provider => new OriginSocketClientFactory(
                embeddedOriginSocket!, provider.GetRequiredService<ILogger<Yarp.ReverseProxy.Forwarder.ForwarderHttpClientFactory>>()));
        }

        return proxy
            .LoadFromMemory(routes, clusters)
            .AddTransforms(context =>
            {
                context.AddXForwarded(ForwardedTransformActions.Off);
                context.AddRequestHeaderRemove("Authorization");
                context.AddRequestHeaderRemove("Cookie");
                context.AddRequestHeaderRemove("X-Real-IP");
                context.AddRequestHeaderRemove("X-Forwarded-For");
                context.AddRequestHeaderRemove("Forwarded");
                context.AddRequestHeaderRemove(TicketIssuer.HeaderName);
                context.AddRequestTransform(ApplyAdmission);
            });
    }

    /// <summary>
    /// The steps of YARP's pipeline after the gate: the rendezvous choice of the origin among those
    /// the health checks leave available, then the passive health check of the forwarded request,
    /// and the failover of a request whose origin could not be connected to (<see cref="OriginFailover"/>).
    /// </summary>
    public static IReverseProxyApplicationBuilder UseOriginChoice(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
        proxy.UseMiddleware<OriginFailover>();
        return proxy;
    }

    /// <summary>
    /// When the embedded origin listens on a port picked at start (port 0, tests), points the
    /// cluster at it once the server is listening.
    /// </summary>
    public static void FollowEmbeddedOrigin(WebApplication app, OriginOptions origin, EndpointOptions embeddedOrigin, BoundListeners bound)
    {
        if (origin.Destinations.Count > 0 || !embeddedOrigin.Enabled || embeddedOrigin.Port != 0)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var endpoint = bound.EndpointOf(ListenerKind.Origin)
                ?? throw new InvalidOperationException("The embedded origin listener did not bind.");
            var address = "http://" + LoopbackFor(endpoint.Address) + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
            var provider = app.Services.GetRequiredService<InMemoryConfigProvider>();
            var config = provider.GetConfig();
            provider.Update(config.Routes, [Cluster([address], origin)]);
        });
    }

    private static string EmbeddedAddress(EndpointOptions embeddedOrigin)
    {
        var address = IPAddress.TryParse(embeddedOrigin.Address, out var ip) ? LoopbackFor(ip) : embeddedOrigin.Address;
        return "http://" + address + ":" + embeddedOrigin.Port.ToString(CultureInfo.InvariantCulture);
    }

    // A wildcard bind is reached over loopback; IPv6 literals need brackets in a URL.
    private static string LoopbackFor(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "127.0.0.1"
        : address.Equals(IPAddress.IPv6Any) ? "[::1]"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]"
        : address.ToString();

    // Each destination is named by its normalised address, the text rendezvous hashing weighs, so
    // YARP's own health messages say which origin they mean.
    private static ClusterConfig Cluster(IEnumerable<string> addresses, OriginOptions origin)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
        foreach (var address in addresses.Select(OriginAddress.Normalise))
        {
            // A repeated origin is refused at start (OriginOptionsValidator); here it is listed once.
            destinations.TryAdd(address, new DestinationConfig { Address = address });
        }

        var checkHealth = origin.Destinations.Count > 0;
        return new()
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = CameraRendezvousPolicy.PolicyName,
            Destinations = destinations,
            HealthCheck = checkHealth ? HealthCheck(origin.HealthCheck) : null,
            Metadata = checkHealth ? HealthCheckMetadata(origin.HealthCheck) : null,
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
            {
                ActivityTimeout = TimeSpan.FromMilliseconds(origin.RequestTimeoutMs),
            },
        };
    }

    // Active: each front door probes every origin's health endpoint (docs/cluster.md, "Origin
    // health"). Passive: forwarded requests that fail at the transport level mark an origin down at
    // once, before the next probes would. With no origin up, requests are refused (503
    // origin_unavailable) rather than sent to one that is down.
    private static HealthCheckConfig HealthCheck(OriginHealthCheckOptions health) => new()
    {
        AvailableDestinationsPolicy = OriginAvailability.PolicyName,
        Active = new ActiveHealthCheckConfig
        {
            Enabled = true,
            Interval = TimeSpan.FromMilliseconds(health.IntervalMs),
            Timeout = TimeSpan.FromMilliseconds(health.TimeoutMs),
            Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
            Path = OriginHealthEndpoint.Path,
        },
        Passive = new PassiveHealthCheckConfig
        {
            Enabled = true,
            Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
            ReactivationPeriod = TimeSpan.FromMilliseconds(health.ReactivationMs),
        },
    };

    private static Dictionary<string, string> HealthCheckMetadata(OriginHealthCheckOptions health) => new(StringComparer.Ordinal)
    {
        [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = health.FailureThreshold.ToString(CultureInfo.InvariantCulture),
        [TransportFailureRateHealthPolicyOptions.FailureRateLimitMetadataName] = PassiveFailureRateLimit.ToString(CultureInfo.InvariantCulture),
    };

    private static ValueTask ApplyAdmission(RequestTransformContext transform)
    {
        var admission = transform.HttpContext.Features.Get<GateAdmission>()
            ?? throw new InvalidOperationException("A request reached the origin transform without an admission; the gate must run first.");
        var query = admission.ForwardQuery.Length == 0 ? QueryString.Empty : new QueryString("?" + admission.ForwardQuery);
        transform.ProxyRequest.RequestUri = Yarp.ReverseProxy.Forwarder.RequestUtilities.MakeDestinationAddress(
            transform.DestinationPrefix, new PathString(admission.ForwardPath), query);
        transform.ProxyRequest.Headers.Remove(TicketIssuer.HeaderName);
        transform.ProxyRequest.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, admission.Ticket);
        return ValueTask.CompletedTask;
    }
}
