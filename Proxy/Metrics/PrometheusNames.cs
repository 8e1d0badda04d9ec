using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace SecureStream.Proxy.Metrics;

/// <summary>
/// Names the runtime's and the process's gauges the way Prometheus expects. Their OpenTelemetry
/// names end in <c>.count</c> (<c>dotnet.timer.count</c>), which the exporter turns into
/// <c>dotnet_timer_count</c>: a gauge with a histogram's <c>_count</c> suffix, which
/// <c>promtool check metrics</c> rejects and which reads as a histogram's sample count in PromQL.
/// The gateway's own instruments are named plainly from the start (docs/metrics.md).
/// </summary>
internal static class PrometheusNames
{
    /// <summary>The instruments renamed: OpenTelemetry's name → the gateway's.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies.loaded",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.thread_pool.work_item.count"] = "dotnet.thread_pool.work_items",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["process.thread.count"] = "process.threads",
        ["process.unix.file_descriptor.count"] = "process.unix.file_descriptors",
    };

    /// <summary>A view that renames the instrument, or null to keep it as it is.</summary>
    public static MetricStreamConfiguration? ViewOf(Instrument instrument) =>
        Renamed.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name } : null;
}
