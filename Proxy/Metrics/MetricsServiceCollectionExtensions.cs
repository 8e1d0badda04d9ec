using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace SecureStream.Proxy.Metrics;

/// <summary>
/// Wires the instruments to the Prometheus exporter (docs/metrics.md, "Why OpenTelemetry"): the
/// gateway's own meters, the .NET runtime's and the process's. The scrape is served by
/// <see cref="MapGatewayMetrics"/> on the management listener only, behind its authentication.
/// </summary>
internal static class MetricsServiceCollectionExtensions
{
    public const string Path = "/metrics";

    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        if (!options.Enabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("securestream", autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics => metrics
            .AddMeter(GatewayMeters.All)
            .AddView(MetricStreams.ViewOf)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter(exporter =>
            {
                // A scrape is rendered once and reused by scrapes within a second, so several
                // Prometheus servers (or a hurried one) cost one rendering.
                exporter.ScrapeResponseCacheDurationMilliseconds = 1000;
            }));
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> when metrics are enabled; callers put it behind the management authentication.</summary>
    public static void MapGatewayMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Enabled)
        {
            endpoints.MapPrometheusScrapingEndpoint(Path);
        }
    }
}
