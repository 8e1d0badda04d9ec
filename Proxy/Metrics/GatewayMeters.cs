namespace SecureStream.Proxy.Metrics;

/// <summary>
/// The meters the exporter listens to. Every instrument of the gateway is created through
/// <c>IMeterFactory</c> on one of the <c>SecureStream.*</c> meters (the front door's, the
/// policy's, the media origin's), with bounded tags only (docs/metrics.md, "Labels").
/// </summary>
internal static class GatewayMeters
{
    /// <summary>The front door's meter: the gate, sessions, forwarding, the cluster.</summary>
    public const string Proxy = "SecureStream.Proxy";

    /// <summary>All of the gateway's meters, whichever project creates them.</summary>
    public const string All = "SecureStream.*";
}
