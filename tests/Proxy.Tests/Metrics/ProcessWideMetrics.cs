namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// Tests that read a gateway's scrape run alone, after the parallel tests: the exporter picks
/// meters by name (<c>SecureStream.*</c>) and the runtime's meters are the process's, so another
/// test's gateway in this process at the same time would add its own series and counts to the
/// scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "Process-wide metrics";
}
