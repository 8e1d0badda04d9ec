using Microsoft.Extensions.Options;
using SecureStream.Policy.Tickets;
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

    public static IReverseProxyBuilder AddOriginRouting(this IServiceCollection services, OriginOptions origin)
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
        var destinations = origin.Destinations
            .Select((address, i) => (Key: "origin-" + i, Value: new DestinationConfig { Address = address }))
            .ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        var clusters = new[]
        {
            new ClusterConfig
            {
                ClusterId = ClusterId,
                Destinations = destinations,
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
                {
                    ActivityTimeout = TimeSpan.FromMilliseconds(origin.RequestTimeoutMs),
                },
            },
        };

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
