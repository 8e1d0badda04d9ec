namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// Tests that read a gateway's <c>/metrics</c> run alone (after the parallel ones). The exporter
/// listens to the <c>SecureStream.*</c> meters by name, process-wide: a scrape would also count
/// what another test's gateway in the same process records.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedMetrics
{
    public const string Name = "Scraped metrics";
}
