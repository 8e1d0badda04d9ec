using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The probes an orchestrator uses (docs/operations.md): <c>/readyz</c> names what keeps the
/// process from serving — Redis out of reach in cluster mode (a real redis-server, stopped), the
/// media port held by another socket — and is 200 when all is well; <c>/healthz</c> stays 200
/// through both; the standalone origin answers the same probes on its own management listener.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task ClusterMode_RedisStoppedAndBack_NotReadySharedStateUnavailable_ThenReady_LiveThroughout()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cluster:NodeId"] = "probe-a",
            ["Cluster:Redis:Endpoints:0"] = redis.Endpoint,
            ["Cluster:Redis:KeyPrefix"] = "probe:",
            ["Cluster:Redis:OperationTimeoutMs"] = "5000",
        });

        Assert.True(await EventuallyAsync(gateway, HttpStatusCode.OK, "ready"), await DescribeAsync(gateway));

        await redis.KillAsync();
        Assert.True(await EventuallyAsync(gateway, HttpStatusCode.ServiceUnavailable, "not ready: shared_state_unavailable"), await DescribeAsync(gateway));
        Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeAsync(gateway.ManagementPort, "/healthz"));

        await redis.RestartAsync();
        Assert.True(await EventuallyAsync(gateway, HttpStatusCode.OK, "ready"), await DescribeAsync(gateway));
    }

    [Fact]
    public async Task MediaPortHeldByAnotherSocket_NotReadyMediaPortUnbound_OffersRefused_ReadyOnceFreed()
    {
        var held = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)held.LocalEndPoint!).Port;
        GatewayUnderTest gateway;
        try
        {
            gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true, settings: new Dictionary<string, string?>
            {
                ["WebRtc:Ice:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        catch
        {
            held.Dispose();
            throw;
        }

        await using (gateway)
        {
            try
            {
                // The host started all the same: the probe says why it should get no viewers.
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: media_port_unbound"), await ProbeAsync(gateway.ManagementPort, "/readyz"));
                Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeAsync(gateway.ManagementPort, "/healthz"));
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable"), await ProbeOriginAsync(gateway));
                using var offer = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/h264", suffix: "/whep"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, offer.StatusCode);
                Assert.Contains("media_port_unbound", await offer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            finally
            {
                held.Dispose();
            }

            // The bind is retried: once the port is free the process becomes ready by itself.
            Assert.True(await EventuallyAsync(gateway, HttpStatusCode.OK, "ready"), await DescribeAsync(gateway));
            Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeOriginAsync(gateway));
        }
    }

    [Fact]
    public async Task FrontDoorAllWell_Ready()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        Assert.Equal((HttpStatusCode.OK, "ready"), await ProbeAsync(gateway.ManagementPort, "/readyz"));
        Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeAsync(gateway.ManagementPort, "/healthz"));
    }

    [Fact]
    public async Task StandaloneOrigin_ManagementListener_ProbesAnswer_MetricsBehindTheToken()
    {
        var directory = Directory.CreateTempSubdirectory("securestream-origin-").FullName;
        var metricsToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(directory, "ticket-key"), Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        File.WriteAllText(Path.Combine(directory, "management-token"), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        File.WriteAllText(Path.Combine(directory, "metrics-token"), metricsToken);
        var settings = new Dictionary<string, string?>
        {
            ["Listeners:Origin:Address"] = "127.0.0.1",
            ["Listeners:Origin:Port"] = "0",
            ["Listeners:Management:Enabled"] = "true",
            ["Listeners:Management:Address"] = "127.0.0.1",
            ["Listeners:Management:Port"] = "0",
            ["WebRtc:Ice:BindAddress"] = "127.0.0.1",
            ["WebRtc:Ice:AdvertisedAddresses:0"] = "127.0.0.1",
            ["WebRtc:Ice:Port"] = "0",
            ["Origin:TicketKey"] = "file:" + Path.Combine(directory, "ticket-key"),
            ["Management:AccessToken"] = "file:" + Path.Combine(directory, "management-token"),
            ["Management:MetricsToken"] = "file:" + Path.Combine(directory, "metrics-token"),
            ["CameraRegistry:StorePath"] = Path.Combine(directory, "cameras.json"),
            ["DemoCameras:Enabled"] = "false",
        };
        await using var origin = OriginHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await origin.StartAsync();
        try
        {
            var bound = origin.Services.GetRequiredService<BoundListeners>();
            var management = bound.EndpointOf(ListenerKind.Management)!.Port;
            var signalling = bound.EndpointOf(ListenerKind.Origin)!.Port;
            Assert.NotEqual(management, signalling);

            Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeAsync(management, "/healthz"));
            Assert.Equal((HttpStatusCode.OK, "ready"), await ProbeAsync(management, "/readyz"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(management, "/metrics")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(management, "/metrics", "Bearer " + new string('0', 32))).Status);
            var scrape = await ProbeAsync(management, "/metrics", "Bearer " + metricsToken);
            Assert.Equal(HttpStatusCode.OK, scrape.Status);
            Assert.Contains("process_", scrape.Body, StringComparison.Ordinal);
            // The management listener serves only these: the origin's signalling is not on it.
            Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(management, "/demo/cam/whep")).Status);
        }
        finally
        {
            await origin.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    // The embedded origin's health, wherever it listens (its Unix socket by default on Linux).
    private static async Task<(HttpStatusCode Status, string Body)> ProbeOriginAsync(GatewayUnderTest gateway)
    {
        using var response = await gateway.OriginClient.GetAsync(gateway.OriginUrl(OriginHealthEndpoint.Path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body)> ProbeAsync(int port, string path, string? authorization = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<bool> EventuallyAsync(GatewayUnderTest gateway, HttpStatusCode status, string body) =>
        GatewayUnderTest.EventuallyAsync(async () => await ProbeAsync(gateway.ManagementPort, "/readyz") == (status, body), timeoutMs: 60_000);

    private static async Task<string> DescribeAsync(GatewayUnderTest gateway)
    {
        var (status, body) = await ProbeAsync(gateway.ManagementPort, "/readyz");
        return $"/readyz answered {(int)status} {body}";
    }
}
