using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.DemoCameras;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// OME's <c>persistent</c> flag against a real RTSP camera (the built-in demo camera server,
/// counting its own sessions): persistent streams are pulled at once and kept pulled; on-demand
/// ones are not pulled at all; a persistent stream whose pull fails is refused with 502.
/// </summary>
public sealed class PersistentStreamTests
{
    [Fact]
    public async Task PersistentStream_PulledAtOnce_ReleasedWhenDeleted()
    {
        await using var gateway = await StartAsync();
        var demo = gateway.Services.GetRequiredService<DemoCameraServer>();
        var url = demo.GetCameraUri("lobby");

        var (status, _) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/app/streams", Body("kept", url, persistent: true));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => demo.ActiveSessions == 1));
        var (_, stream) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/app/streams/kept");
        Assert.Contains("H264", stream.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var (deleted, _) = await SendAsync(gateway, HttpMethod.Delete, "/v1/vhosts/default/apps/app/streams/kept");

        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => demo.ActiveSessions == 0, 20000));
    }

    [Fact]
    public async Task HundredOnDemandStreams_NoCameraConnectionWhileUnwatched()
    {
        await using var gateway = await StartAsync();
        var demo = gateway.Services.GetRequiredService<DemoCameraServer>();

        for (var i = 0; i < 100; i++)
        {
            var (status, _) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/app/streams", Body("lazy" + i, demo.GetCameraUri("cam" + i), persistent: false));
            Assert.Equal(HttpStatusCode.Created, status);
        }

        var (_, names) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/app/streams");
        Assert.Equal(100, names.GetProperty("response").GetArrayLength());
        await Task.Delay(500);
        Assert.Equal(0, demo.ActiveSessions);
        Assert.Equal(0, demo.ActiveConnections);
    }

    [Fact]
    public async Task PersistentStream_PullFails_502AndNotRegistered()
    {
        await using var gateway = await StartAsync();

        var (status, _) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/app/streams", Body("dead", new Uri("rtsp://127.0.0.1:1/none"), persistent: true));
        var (lookup, _) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/app/streams/dead");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(HttpStatusCode.NotFound, lookup);
    }

    private static Task<GatewayUnderTest> StartAsync() => GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
    {
        ["DemoCameras:Enabled"] = "true",
        ["DemoCameras:Port"] = "0",
    });

    private static string Body(string name, Uri url, bool persistent) =>
        "{\"name\":\"" + name + "\",\"urls\":[\"" + url + "\"],\"properties\":{\"persistent\":" + (persistent ? "true" : "false") +
        ",\"noInputFailoverTimeoutMs\":3000,\"unusedStreamDeletionTimeoutMs\":1000}}";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(GatewayUnderTest gateway, HttpMethod method, string path, string? json = null)
    {
        using var request = gateway.ManagementRequest(method, path, json);

        using var response = await gateway.Client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
