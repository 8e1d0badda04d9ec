using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// docs/cluster.md, "Choosing the origin": the same camera watched through two front doors, with two
/// origins behind them, is pulled once. Both front doors choose the same origin for it, so the
/// camera's own count of RTSP clients is one while viewers on both front doors play.
/// </summary>
public sealed partial class OneCameraPullAcrossFrontDoorsTests
{
    [Fact]
    public async Task SameCameraThroughBothFrontDoors_OneCameraConnection_BothViewersPlay()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions { CameraSettings = ClusterUnderTest.CameraSettingsFor(camera) }, timeout.Token);
        using var http = new HttpClient();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var viewers = cluster.FrontDoors
            .Select(door => new WebRtcViewer(new WhepSignalling(http, cluster.SignedLink(door, "demo/h264/whep")), new WebRtcViewerOptions { Audio = false }))
            .ToArray();
        var runs = viewers.Select(viewer => viewer.RunAsync(stop.Token)).ToArray();
        foreach (var viewer in viewers)
        {
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe && viewer.Packets > 200, timeoutMs: 90_000),
                "a viewer did not play\n" + cluster.Describe());
        }

        await Task.Delay(ExactlyOnce.Moment, timeout.Token);
        Assert.True(camera.Connections == 1, $"the camera counted {camera.Connections} connections\n{cluster.Describe()}");
        // The one pull is one origin's: exactly one of them started the camera.
        Assert.Single(cluster.Origins, origin => SourceReady().IsMatch(origin.Output));

        await stop.CancelAsync();
        foreach (var result in await Task.WhenAll(runs))
        {
            Assert.True(result.Played, $"did not play: {result.Failure}\n{cluster.Describe()}");
            Assert.Equal(0, result.BadNalUnits);
        }

        Assert.Equal(1, camera.Connections);
    }

    [GeneratedRegex(@"Camera demo/h264: source 0 ready")]
    private static partial Regex SourceReady();
}
