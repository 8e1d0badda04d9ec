namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// Where admitted signalling goes (the <c>Origin</c> section): one or more media origins. In the
/// default single-node run this is the embedded origin on loopback.
/// </summary>
public sealed class OriginOptions
{
    public const string SectionName = "Origin";

    /// <summary>
    /// Base addresses of the origins, e.g. <c>http://10.0.0.7:3380</c>. Empty (the default) means
    /// the embedded origin of this process (<c>Listeners:Origin</c>, loopback 3380): single node.
    /// </summary>
    public List<string> Destinations { get; set; } = [];

    /// <summary>Shared ticket key as a secret reference; empty = random per process (single node).</summary>
    public string? TicketKey { get; set; }

    /// <summary>Longest an origin may take to answer a signalling request.</summary>
    public int RequestTimeoutMs { get; set; } = 30000;

    /// <summary>Active and passive health checks of <see cref="Destinations"/>.</summary>
    public OriginHealthCheckOptions HealthCheck { get; set; } = new();
}
