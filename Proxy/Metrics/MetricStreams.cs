using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using SecureStream.Media.Streams;

namespace SecureStream.Proxy.Metrics;

/// <summary>
/// The one view of the exporter: each instrument's Prometheus name (<see cref="PrometheusNames"/>)
/// and how many label combinations it keeps. OpenTelemetry allocates an instrument's data points
/// up front, as many as its cardinality limit (2,000 by default): ≈ 180 KB per instrument with its
/// lookup table, ≈ 11 MB of an idle gateway's ≈ 14 MB live heap for its ≈ 60 instruments
/// (docs/benchmarks/memory-and-startup.md, "Idle: where the memory goes"). The front door's and
/// the policy's instruments label only with codes from fixed sets (decision × reason is the
/// largest, 2 × the reason codes), and so do the runtime's and the process's (GC generation, CPU
/// mode; exception type, the one open set, keeps its first 256 types and counts the rest as
/// OpenTelemetry's overflow series), so they keep <see cref="BoundedLabelsLimit"/>, as do the media
/// meter's instruments other than those that label by camera (kind, reason, ICE path, cached,
/// result). Those label by camera (up to the registry's size) and keep the default.
/// </summary>
internal static class MetricStreams
{
    /// <summary>Label combinations kept by an instrument whose labels come from fixed sets.</summary>
    public const int BoundedLabelsLimit = 256;

    /// <summary>The meters whose instruments label only with values from fixed sets.</summary>
    private static readonly HashSet<string> BoundedLabelMeters = new(StringComparer.Ordinal)
    {
        GatewayMeters.Proxy,
        Policy.Admission.AdmissionMetrics.MeterName,
        "System.Runtime",
        "OpenTelemetry.Instrumentation.Runtime",
        "OpenTelemetry.Instrumentation.Process",
    };

    /// <summary>The view of <paramref name="instrument"/>, or null to keep OpenTelemetry's defaults.</summary>
    public static MetricStreamConfiguration? ViewOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var renamed = PrometheusNames.ViewOf(instrument);
        if (!HasBoundedLabels(instrument))
        {
            return renamed;
        }

        var view = renamed ?? new MetricStreamConfiguration();
        view.CardinalityLimit = BoundedLabelsLimit;
        return view;
    }

    // The media meter's instruments label by camera or from fixed sets; only the former need
    // OpenTelemetry's default.
    private static bool HasBoundedLabels(Instrument instrument) =>
        BoundedLabelMeters.Contains(instrument.Meter.Name)
        || (instrument.Meter.Name == CameraLabelledInstruments.MeterName && !CameraLabelledInstruments.Contains(instrument.Name));
}
