using System.Net;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// docs/cluster.md, "When Redis does not answer: fail closed": with the redis-server killed, every
/// front door refuses new admissions 503 <c>shared_state_unavailable</c> (with <c>Retry-After</c>),
/// while a viewer admitted before keeps receiving media.
/// </summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task RedisKilled_NewAdmissionsRefused503OnBothFrontDoors_PlayingViewerKeepsReceivingMedia()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions { Origins = 1, CameraSettings = ClusterUnderTest.CameraSettingsFor(camera) }, timeout.Token);
        using var http = new HttpClient();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var viewer = new WebRtcViewer(
            new WhepSignalling(http, cluster.SignedLink(cluster.FrontDoors[0], "demo/h264/whep")), new WebRtcViewerOptions { Audio = false });
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe && viewer.Packets > 100, timeoutMs: 90_000),
            "the viewer did not play\n" + cluster.Describe());

        await cluster.Redis!.KillAsync();

        foreach (var door in cluster.FrontDoors)
        {
            var refused = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(door, "demo/h264/whep"), timeout.Token);
            Assert.True((HttpStatusCode.ServiceUnavailable, "shared_state_unavailable") == (refused.Status, refused.Reason),
                $"{door.Name}: {refused}\n{cluster.Describe()}");
            var deny = ClusterUnderTest.AuditRecords(door).Last(r => r.GetProperty("type").GetString() == "access.decision");
            Assert.Equal(("deny", "shared_state_unavailable"), (deny.GetProperty("decision").GetString(), deny.GetProperty("reason").GetString()));
        }

        // Media keeps flowing to the viewer admitted before, past several lease refreshes (10 s each) that fail.
        var packets = viewer.Packets;
        foreach (var _ in Enumerable.Range(0, 3))
        {
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > packets + 50, timeoutMs: 30_000),
                $"media stopped after Redis was killed (packets {viewer.Packets})\n{cluster.Describe()}");
            packets = viewer.Packets;
            await Task.Delay(TimeSpan.FromSeconds(5), timeout.Token);
        }

        await stop.CancelAsync();
        var result = await run;
        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal(0, result.SrtpFailures);
    }
}
