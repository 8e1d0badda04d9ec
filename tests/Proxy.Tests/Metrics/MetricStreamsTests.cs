using System.Diagnostics.Metrics;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// The exporter's view keeps few data points for instruments whose labels come from fixed sets
/// (OpenTelemetry allocates them up front), the media meter's included, and the default for the
/// media meter's per-camera ones.
/// </summary>
public sealed class MetricStreamsTests
{
    [Theory]
    [InlineData("SecureStream.Proxy")]
    [InlineData("SecureStream.Policy")]
    [InlineData("OpenTelemetry.Instrumentation.Process")]
    public void BoundedLabelMeters_KeepTheSmallLimit(string meterName)
    {
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("securestream.test.total");

        var view = MetricStreams.ViewOf(counter);

        Assert.NotNull(view);
        Assert.Equal(MetricStreams.BoundedLabelsLimit, view.CardinalityLimit);
        Assert.Null(view.Name);
    }

    [Fact]
    public void RenamedRuntimeGauge_KeepsItsNewName_AndTheSmallLimit()
    {
        using var meter = new Meter("System.Runtime");
        var gauge = meter.CreateObservableGauge("dotnet.timer.count", () => 1L);

        var view = MetricStreams.ViewOf(gauge);

        Assert.NotNull(view);
        Assert.Equal("dotnet.timers", view.Name);
        Assert.Equal(MetricStreams.BoundedLabelsLimit, view.CardinalityLimit);
    }

    [Fact]
    public void MediaInstruments_LabelledByCamera_KeepOpenTelemetrysDefault()
    {
        using var meter = new Meter("SecureStream.Media");
        var counter = meter.CreateCounter<long>("securestream.media.pull_failures");

        Assert.Null(MetricStreams.ViewOf(counter));
    }

    [Theory]
    [InlineData("securestream.media.packets_sent")]
    [InlineData("securestream.media.viewer_sessions")]
    [InlineData("securestream.media.first_frame.duration")]
    [InlineData("securestream.media.snapshots")]
    public void MediaInstruments_WithFixedLabels_KeepTheSmallLimit(string name)
    {
        using var meter = new Meter("SecureStream.Media");
        var counter = meter.CreateCounter<long>(name);

        var view = MetricStreams.ViewOf(counter);

        Assert.NotNull(view);
        Assert.Equal(MetricStreams.BoundedLabelsLimit, view.CardinalityLimit);
    }

    [Fact]
    public void TheLargestFixedLabelSets_FitTheSmallLimit()
    {
        // Gate decisions: admitted/ok, and denied × every reason code plus "unknown".
        var gateDecisions = 1 + Enum.GetValues<AccessReason>().Length + 1;
        // Sessions ended: one reason code each, plus "unknown".
        var sessionsEnded = Enum.GetValues<SessionEndReason>().Length + 1;

        Assert.True(gateDecisions <= MetricStreams.BoundedLabelsLimit, $"{gateDecisions} gate decision series");
        Assert.True(sessionsEnded <= MetricStreams.BoundedLabelsLimit, $"{sessionsEnded} session end series");
    }
}
