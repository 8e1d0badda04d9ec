using System.Globalization;
using System.Net;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Listeners;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// YARP wiring: one catch-all route to the origin cluster, reached only through the gate (the gate
/// runs inside YARP's pipeline and refuses anything it has not admitted). The transform replaces
/// path and query with what the gate authorised, attaches the ticket, and strips client
/// credentials and address headers so nothing the client sent can speak for it at the origin.
/// </summary>
internal static class OriginRouting
{
    public const string ClusterId = "origin";

    /// <summary>
    /// Routes admitted signalling to <see cref="OriginOptions.Destinations"/>, or, when none are
    /// listed, to the embedded origin listener <paramref name="embeddedOrigin"/> (single node).
    /// </summary>
    public static IReverseProxyBuilder AddOriginRouting(this IServiceCollection services, OriginOptions origin, EndpointOptions embeddedOrigin)
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
        var addresses = origin.Destinations.Count > 0 ? origin.Destinations : [EmbeddedAddress(embeddedOrigin)];
        var clusters = new[] { Cluster(addresses, origin) };

        return services.AddReverseProxy()
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

    private static ClusterConfig Cluster(IEnumerable<string> addresses, OriginOptions origin) => new()
    {
        ClusterId = ClusterId,
        Destinations = addresses
            .Select((address, i) => (Key: "origin-" + i, Value: new DestinationConfig { Address = address }))
            .ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
        HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
        {
            ActivityTimeout = TimeSpan.FromMilliseconds(origin.RequestTimeoutMs),
        },
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
