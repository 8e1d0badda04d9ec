using SecureStream.Proxy.Forwarding;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Remembers which origin each admitted session's signalling goes to: YARP's choice, after its
/// load balancing left one destination (<see cref="IReverseProxyFeature.AvailableDestinations"/>),
/// read before forwarding because an OME WebSocket is forwarded for the session's whole life. When
/// that origin is marked down, <see cref="OriginLossWatcher"/> ends the session <c>origin_lost</c>.
/// </summary>
internal sealed class SessionOriginTracker(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<GateAdmission>() is { } admission &&
            context.Features.Get<IReverseProxyFeature>()?.AvailableDestinations is [var chosen])
        {
            admission.Session.Origin = chosen.Model.Config.Address;
        }

        return next(context);
    }
}
