using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>
/// Fast failover at the front door (<see cref="OriginFailover"/>): a request that cannot connect to
/// the camera's origin marks it down at once and is answered by the next origin, long before the
/// active probes (here a minute apart) would notice; with no other origin it is refused 503
/// <c>origin_unavailable</c>. A real gateway in front of two real loopback origins over HTTP.
/// </summary>
public sealed class OriginFailoverTests : IAsyncLifetime
{
    private const string Camera = "demo/failover";

    private readonly SecretValue _ticketKey = SecretValue.FromText(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
    private readonly RecordingOrigin?[] _origins = new RecordingOrigin?[2];
    private readonly LogCapture _log = new();
    private string _directory = string.Empty;
    private long _failoversCounted;
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("securestream-failover-").FullName;
        var keyFile = Path.Combine(_directory, "ticket-key");
        await File.WriteAllTextAsync(keyFile, System.Text.Encoding.UTF8.GetString(_ticketKey.Span));
        _origins[0] = await RecordingOrigin.StartAsync(_ticketKey);
        _origins[1] = await RecordingOrigin.StartAsync(_ticketKey);
        _gateway = await GatewayUnderTest.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Origin:TicketKey"] = "file:" + keyFile,
                ["Origin:Destinations:0"] = _origins[0]!.BaseAddress,
                ["Origin:Destinations:1"] = _origins[1]!.BaseAddress,
                // Probes a minute apart: only the failover path can notice a dead origin in this test.
                ["Origin:HealthCheck:IntervalMs"] = "60000",
                ["Gate:RequestsPerSecond"] = "0",
            },
            services: _log.Register);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var origin in _origins)
        {
            if (origin is not null)
            {
                await origin.DisposeAsync();
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OriginGone_NextRequestIsAnsweredByTheNextOrigin_MarkedDownOnce_ThenNoneLeft503()
    {
        using var failovers = CountFailovers();
        var first = await OfferAsync();
        Assert.Equal(201, first.Status);
        var pulling = Array.FindIndex(_origins, o => o!.Hits.Any(h => h.Path.StartsWith("/" + Camera + "/", StringComparison.Ordinal)));
        var other = 1 - pulling;
        var deadAddress = _origins[pulling]!.BaseAddress;
        await _origins[pulling]!.DisposeAsync();
        _origins[pulling] = null;

        // The very next offer: the dead origin refuses the connection, the same request goes to the other.
        var afterLoss = await OfferAsync();
        Assert.Equal(201, afterLoss.Status);
        Assert.Single(_origins[other]!.Hits, h => h.Path.StartsWith("/" + Camera + "/whep", StringComparison.Ordinal) && h.Method == "POST" && h.TicketAccepted);
        var failover = await ExactlyOnce.SingleAsync(() => _log.WithEventId(1930), "failover to the next origin");
        Assert.Contains(deadAddress, failover.RenderMessage(), StringComparison.Ordinal);
        Assert.Contains(_origins[other]!.BaseAddress, failover.RenderMessage(), StringComparison.Ordinal);
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => Available().Count == 1, timeoutMs: 10_000),
            "the dead origin was not left out of the choice");
        Assert.Equal(_origins[other]!.BaseAddress, Available()[0].Model.Config.Address);
        await ExactlyOnce.SingleAsync(() => _log.WithEventId(1820), "origin down");

        // Later offers go straight to the other origin: no second failover.
        Assert.Equal(201, (await OfferAsync()).Status);
        Assert.Single(_log.WithEventId(1930));
        Assert.Equal(1, Interlocked.Read(ref _failoversCounted));

        // The other one gone too: nothing left to try, refused 503 origin_unavailable, said once.
        await _origins[other]!.DisposeAsync();
        _origins[other] = null;
        var none = await OfferAsync();
        Assert.Equal((503, "origin_unavailable"), (none.Status, none.Reason));
        await ExactlyOnce.SingleAsync(() => _log.WithEventId(1931), "no other origin");
    }

    /// <summary>Counts <c>securestream.origin.failovers</c> of this test's gateway only (its own meter factory), whatever other gateways run alongside.</summary>
    private MeterListener CountFailovers()
    {
        var meters = _gateway.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, enabling) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "securestream.origin.failovers")
                {
                    enabling.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _failoversCounted, value));
        listener.Start();
        return listener;
    }

    private async Task<(int Status, string? Reason)> OfferAsync()
    {
        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink(Camera, suffix: "/whep"));
        var body = await response.Content.ReadAsStringAsync();
        var reason = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString()
            : null;
        return ((int)response.StatusCode, reason);
    }

    private IReadOnlyList<DestinationState> Available()
    {
        var lookup = _gateway.Services.GetRequiredService<IProxyStateLookup>();
        return lookup.TryGetCluster(OriginRouting.ClusterId, out var cluster) ? cluster.DestinationsState.AvailableDestinations : [];
    }
}
