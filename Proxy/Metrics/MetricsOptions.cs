namespace SecureStream.Proxy.Metrics;

/// <summary>The <c>Metrics</c> section: whether <c>/metrics</c> is served (docs/metrics.md).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Export the gateway's instruments on the management listener's <c>/metrics</c>. Off: no
    /// exporter listens to the instruments (they cost nothing) and <c>/metrics</c> is 404.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
