using System.Collections.Frozen;
using System.Diagnostics.Metrics;

namespace SecureStream.Policy.Admission;

/// <summary>
/// The admission webhook's instruments on the policy's meter (docs/metrics.md, "Front door and
/// policy"): opening calls by outcome and their latency. The outcome is the
/// <see cref="AdmissionOutcome"/> code the audit record carries (<c>allowed</c>, <c>denied</c>, and
/// the finer codes of an unavailable webhook: <c>timeout</c>, <c>connection_error</c>,
/// <c>http_status</c>, <c>malformed_response</c>, <c>oversized_response</c>, <c>redirect</c>,
/// <c>circuit_open</c>); never the receiver's URL.
/// </summary>
internal sealed class AdmissionMetrics
{
    /// <summary>The policy's meter (Policy has no reference to the front door's names).</summary>
    public const string MeterName = "SecureStream.Policy";

    // From a fast local receiver to the longest timeout the settings allow (30 s).
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly FrozenDictionary<string, KeyValuePair<string, object?>> OutcomeTags = new[]
    {
        AdmissionOutcome.Allowed, AdmissionOutcome.Denied, AdmissionOutcome.Timeout, AdmissionOutcome.ConnectionError,
        AdmissionOutcome.HttpStatus, AdmissionOutcome.MalformedResponse, AdmissionOutcome.OversizedResponse,
        AdmissionOutcome.Redirect, AdmissionOutcome.CircuitOpen,
    }.ToFrozenDictionary(outcome => outcome, outcome => new KeyValuePair<string, object?>("outcome", outcome), StringComparer.Ordinal);

    private static readonly KeyValuePair<string, object?> OtherOutcome = new("outcome", "other");

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public AdmissionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("securestream.webhook.calls", "{call}",
            "Admission webhook openings by outcome: allowed, denied, or why the webhook was unavailable (circuit_open: not called).");
        _duration = meter.CreateHistogram("securestream.webhook.duration", "s",
            "Time from sending an admission webhook opening to its decision, by outcome (calls the circuit breaker refused are not timed).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    /// <summary>One opening decided with <paramref name="outcome"/> after <paramref name="latency"/>.</summary>
    public void Called(string outcome, TimeSpan latency)
    {
        var tag = OutcomeTags.GetValueOrDefault(outcome, OtherOutcome);
        _calls.Add(1, tag);
        if (outcome != AdmissionOutcome.CircuitOpen)
        {
            _duration.Record(latency.TotalSeconds, tag);
        }
    }
}
