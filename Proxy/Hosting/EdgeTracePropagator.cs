using System.Diagnostics;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// The front door starts every request's trace itself: a <c>traceparent</c> (or <c>Request-Id</c>)
/// header a client sends is not continued. The trace id is what ties a viewer's audit records
/// together and what a refusal shows the client (docs/audit.md); a client that could choose it
/// could give its records another session's id. A well-formed <c>traceparent</c> is still carried
/// beside the gateway's trace, never as it (<see cref="Gate.ClientTraceParent"/>; docs/audit.md,
/// "Viewer trace context"). Registered as the host's propagator, which only
/// reads incoming requests; outgoing calls (the origin, and the webhook when the viewer sent no
/// trace of its own) still send this gateway's
/// <c>traceparent</c> through <see cref="DistributedContextPropagator.Current"/>.
/// </summary>
internal sealed class EdgeTracePropagator : DistributedContextPropagator
{
    public override IReadOnlyCollection<string> Fields { get; } = [];

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
}
