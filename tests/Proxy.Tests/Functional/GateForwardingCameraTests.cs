using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The camera URL is the registry's, shown at a real camera (GStreamer's RTSP server, which
/// reports every connection and every DESCRIBE URL): a forwarded parameter the URL already has is
/// refused before any camera contact, and viewers asking for different parameters get different
/// pulls, never the first viewer's.
/// </summary>
public sealed class GateForwardingCameraTests
{
    private static readonly CameraPath Camera = new("demo", "h264");

    /// <summary>The camera's registered URL carries <c>channel=1</c>; <c>demo/h264</c> is <c>rtsp://127.0.0.1:{port}/h264?channel=1</c>.</summary>
    private static Task<GatewayUnderTest> StartAsync(GStreamerCamera camera, string onConflict = "refuse") =>
        GatewayUnderTest.StartAsync(
            policy => policy["forwarding"] = new { onConflict },
            settings: new Dictionary<string, string?>
            {
                ["OriginMap:Origins:0:Location"] = "/demo",
                ["OriginMap:Origins:0:Scheme"] = "rtsp",
                ["OriginMap:Origins:0:Urls:0"] = $"127.0.0.1:{camera.Port}?channel=1",
                ["OriginMap:UnusedStreamDeletionTimeoutMs"] = "1000",
            },
            embeddedOrigin: true);

    [Theory]
    [InlineData("channel=7")]
    [InlineData("Channel=7")]
    [InlineData("CHANNEL=7&quality=hd")]
    public async Task ForwardedNameTheCameraUrlHas_400BeforeAnyCameraContact(string query)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera);
        var link = gateway.SignedLink("demo/h264", suffix: "/whep", extraQuery: query);

        using var response = await GateProbe.OfferAsync(gateway, link);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("forward_param_conflict", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var record = Assert.Single(gateway.Decisions());
        Assert.Equal("forward_param_conflict", record.GetProperty("reason").GetString());
        // Exactly-never: wait a moment for a late connection, then look.
        await Task.Delay(1000, timeout.Token);
        Assert.Equal(0, camera.Connections);
        Assert.Empty(camera.Requests);
        Assert.Empty(gateway.Services.GetRequiredService<StreamHub>().GetAll());
    }

    [Fact]
    public async Task ForwardedNameTheCameraUrlHas_DroppedWhenConfigured_CameraKeepsItsChannel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera, onConflict: "drop");

        var result = await PlayAsync(gateway, "channel=7&quality=hd", timeout.Token);

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal(["/h264?channel=1&quality=hd"], camera.Requests);
    }

    [Fact]
    public async Task ViewersWithDifferentParameters_OwnPulls_SameParametersShareOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera);
        var hub = gateway.Services.GetRequiredService<StreamHub>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var (a, runA) = Start(gateway, "quality=a", stop.Token);
        var (b, runB) = Start(gateway, "quality=b", stop.Token);
        var (a2, runA2) = Start(gateway, "quality=a", stop.Token);
        foreach (var viewer in new[] { a, b, a2 })
        {
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000), "a viewer did not play");
        }

        // Two pulls, each with its own query after the registry's channel=1; the third viewer
        // joined the first pull. The camera saw one connection per start of those two pulls (one
        // each, unless a pull restarted its source on a loaded machine; the pull counts that).
        var pullA = hub.GetStatistics(new PullKey(Camera, "quality=a"))!;
        var pullB = hub.GetStatistics(new PullKey(Camera, "quality=b"))!;
        Assert.Equal(2, hub.PullsOf(Camera).Count);
        Assert.Equal(pullA.SourceStarts + pullB.SourceStarts, camera.Connections);
        Assert.Equal(["/h264?channel=1&quality=a", "/h264?channel=1&quality=b"], camera.Requests.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, pullA.Subscribers);
        Assert.Equal(1, pullB.Subscribers);

        await stop.CancelAsync();
        foreach (var run in new[] { runA, runB, runA2 })
        {
            var result = await run;
            Assert.True(result.Played, $"did not play: {result.Failure}");
            Assert.Equal(0, result.SrtpFailures);
        }

        await camera.WaitForClientsAsync(0, timeout.Token);
    }

    private static (WebRtcViewer Viewer, Task<ViewerResult> Run) Start(GatewayUnderTest gateway, string query, CancellationToken cancellationToken)
    {
        var link = new Uri(gateway.SignedLink("demo/h264", suffix: "/whep", extraQuery: query));
#pragma warning disable CA2000 // The HttpClient lives as long as the test process; the viewer uses it until the run ends.
        var viewer = new WebRtcViewer(new WhepSignalling(new HttpClient(), link), new WebRtcViewerOptions { Audio = false });
#pragma warning restore CA2000
        return (viewer, viewer.RunAsync(cancellationToken));
    }

    private static async Task<ViewerResult> PlayAsync(GatewayUnderTest gateway, string query, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (viewer, run) = Start(gateway, query, stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000), "the viewer did not play");
        await stop.CancelAsync();
        return await run;
    }
}
