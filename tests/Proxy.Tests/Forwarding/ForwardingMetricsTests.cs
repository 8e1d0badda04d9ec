using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Tests.Infrastructure;
using SecureStream.Proxy.Forwarding;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>The origins-up gauge follows what the availability policy last computed.</summary>
public sealed class ForwardingMetricsTests : IDisposable
{
    private const string OriginsUp = "securestream.origins.up";

    private readonly RecordingMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void OriginsUp_NothingBeforeTheFirstComputation_ThenTheAvailableCount()
    {
        var availability = new OriginAvailability(NullLogger<OriginAvailability>.Instance, new ForwardingMetrics(_meters));
        var origins = new[] { "http://10.0.0.1:3380", "http://10.0.0.2:3380", "http://10.0.0.3:3380" }
            .Select(a => new DestinationState(a, new DestinationModel(new DestinationConfig { Address = a })))
            .ToList();
        var config = new ClusterConfig { ClusterId = OriginRouting.ClusterId };
        Assert.Null(_meters.Observe(OriginsUp));

        availability.GetAvailalableDestinations(config, origins);
        Assert.Equal(3, _meters.Observe(OriginsUp));

        origins[0].Health.Active = DestinationHealth.Unhealthy;
        origins[2].Health.Passive = DestinationHealth.Unhealthy;
        availability.GetAvailalableDestinations(config, origins);
        Assert.Equal(1, _meters.Observe(OriginsUp));

        origins[0].Health.Active = DestinationHealth.Healthy;
        availability.GetAvailalableDestinations(config, origins);
        Assert.Equal(2, _meters.Observe(OriginsUp));
    }

    [Fact]
    public void Failover_Counted()
    {
        var metrics = new ForwardingMetrics(_meters);

        metrics.Failover();

        Assert.Equal(1, _meters.Sum("securestream.origin.failovers"));
    }
}
