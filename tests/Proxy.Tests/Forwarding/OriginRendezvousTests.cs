using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Yarp.ReverseProxy;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>
/// Two real front doors (the whole gateway: Kestrel, gate, YARP) in front of three real loopback
/// origins, over HTTP: every request of a camera lands on one origin, both front doors choose
/// alike, a stopped origin's cameras go to the others once the health checks mark it down and no
/// other camera moves, and they come back when it does.
/// </summary>
public sealed class OriginRendezvousTests : IAsyncLifetime
{
    private const int CameraCount = 30;
    private const int OriginCount = 3;
    private static readonly TimeSpan HealthWait = TimeSpan.FromSeconds(30);

    private readonly SecretValue _ticketKey = SecretValue.FromText(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
    private readonly RecordingOrigin?[] _origins = new RecordingOrigin?[OriginCount];
    private readonly string[] _addresses = new string[OriginCount];
    private readonly LogCapture _log = new();
    private string _directory = string.Empty;
    private GatewayUnderTest _first = null!;
    private GatewayUnderTest _second = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("securestream-rendezvous-").FullName;
        var keyFile = Path.Combine(_directory, "ticket-key");
        await File.WriteAllTextAsync(keyFile, System.Text.Encoding.UTF8.GetString(_ticketKey.Span));
        for (var i = 0; i < OriginCount; i++)
        {
            _origins[i] = await RecordingOrigin.StartAsync(_ticketKey);
            _addresses[i] = _origins[i]!.BaseAddress;
        }

        // The second front door lists the origins in the other order: the choice must not depend on it.
        _first = await StartGatewayAsync(keyFile, _addresses, _log);
        _second = await StartGatewayAsync(keyFile, _addresses.Reverse().ToArray(), null);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
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
    public async Task EachCameraHasOneOrigin_AndOnlyALostOriginsCamerasMove_UntilItReturns()
    {
        var cameras = Enumerable.Range(0, CameraCount).Select(i => "demo/rdv-" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();

        var initial = await RouteAllAsync(_first, cameras);
        Assert.Equal(initial, await RouteAllAsync(_second, cameras));
        Assert.All(_origins, origin => Assert.True(origin!.HealthProbes > 0, "the front doors probe every origin's health endpoint"));

        // Stop the origin with the most cameras (at least a third of them).
        var lost = Enumerable.Range(0, OriginCount).MaxBy(i => initial.Values.Count(o => o == i));
        var lostPort = new Uri(_addresses[lost]).Port;
        await _origins[lost]!.DisposeAsync();
        _origins[lost] = null;
        await WaitForAvailableAsync(OriginCount - 1);
        var down = await ExactlyOnce.SingleAsync(() => _log.WithEventId(1820), "origin down");
        Assert.Equal(_addresses[lost], Rendered(down, "Origin"));

        var afterLoss = await RouteAllAsync(_first, cameras);
        Assert.Equal(afterLoss, await RouteAllAsync(_second, cameras));
        foreach (var camera in cameras)
        {
            if (initial[camera] == lost)
            {
                Assert.NotEqual(lost, afterLoss[camera]);
            }
            else
            {
                Assert.Equal(initial[camera], afterLoss[camera]);
            }
        }

        _origins[lost] = await RestartAsync(lostPort);
        await WaitForAvailableAsync(OriginCount);
        var up = await ExactlyOnce.SingleAsync(() => _log.WithEventId(1821), "origin up again");
        Assert.Equal(_addresses[lost], Rendered(up, "Origin"));
        Assert.Empty(_log.WithEventId(1822));

        var afterReturn = await RouteAllAsync(_first, cameras);
        Assert.Equal(initial, afterReturn);
        Assert.Equal(initial, await RouteAllAsync(_second, cameras));
    }

    private static async Task<GatewayUnderTest> StartGatewayAsync(string keyFile, string[] destinations, LogCapture? log)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Origin:TicketKey"] = "file:" + keyFile,
            ["Origin:HealthCheck:IntervalMs"] = "1000",
            ["Origin:HealthCheck:TimeoutMs"] = "1000",
            ["Origin:HealthCheck:FailureThreshold"] = "2",
            ["Gate:RequestsPerSecond"] = "0",
        };
        for (var i = 0; i < destinations.Length; i++)
        {
            settings["Origin:Destinations:" + i.ToString(CultureInfo.InvariantCulture)] = destinations[i];
        }

        return await GatewayUnderTest.StartAsync(settings: settings, services: log is null ? null : log.Register);
    }

    /// <summary>
    /// Opens and hangs up a WHEP session per camera, by both offer forms, through
    /// <paramref name="gateway"/>; asserts that all requests of a camera reached one origin with a
    /// valid ticket, and answers which origin (index) that was.
    /// </summary>
    private async Task<Dictionary<string, int>> RouteAllAsync(GatewayUnderTest gateway, IReadOnlyList<string> cameras)
    {
        foreach (var origin in _origins)
        {
            origin?.Hits.Clear();
        }

        foreach (var camera in cameras)
        {
            foreach (var (suffix, query) in new[] { ("/whep", (string?)null), (string.Empty, "direction=whep") })
            {
                var link = gateway.SignedLink(camera, suffix: suffix, extraQuery: query);
                using var offer = await GateProbe.OfferAsync(gateway, link);
                Assert.Equal(201, (int)offer.StatusCode);
                using var delete = await gateway.Client.DeleteAsync(new Uri(new Uri(link), offer.Headers.Location!));
                Assert.Equal(200, (int)delete.StatusCode);
            }

            // Another kind of request, the snapshot, goes with the camera too (the recording origin answers 204).
            using var snapshot = await gateway.Client.GetAsync(gateway.SignedLink(camera, suffix: "/snapshot.jpg"));
            Assert.Equal(204, (int)snapshot.StatusCode);
        }

        var chosen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var camera in cameras)
        {
            var reached = Enumerable.Range(0, OriginCount)
                .Where(i => _origins[i] is { } origin && origin.Hits.Any(h => CameraOf(h) == camera))
                .ToList();
            var only = Assert.Single(reached);
            var hits = _origins[only]!.Hits.Where(h => CameraOf(h) == camera).ToList();
            Assert.Equal(5, hits.Count);
            Assert.All(hits, h => Assert.True(h.TicketAccepted));
            chosen[camera] = only;
        }

        return chosen;
    }

    private static string? Rendered(Serilog.Events.LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is Serilog.Events.ScalarValue { Value: string text } ? text : null;

    // "/app/stream/..." → "app/stream".
    private static string CameraOf(OriginHit hit) => string.Join('/', hit.Path.Split('/').Skip(1).Take(2));

    private async Task WaitForAvailableAsync(int count)
    {
        foreach (var gateway in new[] { _first, _second })
        {
            var lookup = gateway.Services.GetRequiredService<IProxyStateLookup>();
            var settled = await GatewayUnderTest.EventuallyAsync(
                () => lookup.TryGetCluster(OriginRouting.ClusterId, out var cluster) && cluster.DestinationsState.AvailableDestinations.Count == count,
                (int)HealthWait.TotalMilliseconds);
            Assert.True(settled, $"the health checks did not leave {count} origins available within {HealthWait}");
        }
    }

    // The stopped origin's port was free a moment ago; another process may briefly hold it, so retry (bounded).
    private async Task<RecordingOrigin> RestartAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return await RecordingOrigin.StartAsync(_ticketKey, port);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
