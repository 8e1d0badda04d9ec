using System.Net;
using System.Text.Json;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Substreams end to end (docs/cameras.md "Substreams"): a real GStreamer camera with a main mount
/// (1280x720) and a sub mount (320x180), registered as <c>demo/cam</c> with <c>SubstreamUrls</c>;
/// our WHEP viewer decodes the SPS of what it receives. Each rendition is its own on-demand pull,
/// both under the camera's one entitlement, and the choice never reaches the camera.
/// </summary>
public sealed class SubstreamTests
{
    private const string Camera = "demo/cam";

    [Fact]
    public async Task Rendition_SubPlaysTheSubMountAndMainTheMainMount_EachPulledOnlyWhileWatched()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await StartCameraAsync(timeout.Token);
        await using var gateway = await StartGatewayAsync(camera);
        // One credential for the camera covers both renditions.
        var token = TestTokens.Issue(gateway, "carol", [Camera]);
        Assert.Equal(0, camera.Connections);

        var (sub, stopSub, subRun) = Play(gateway, token, "&rendition=sub", timeout.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => sub.SawKeyframe, timeoutMs: 60_000), "the substream sent no keyframe");
        // Only the sub mount is pulled while only the substream is watched.
        Assert.Equal(1, camera.Clients);
        Assert.All(camera.Requests, r => Assert.StartsWith("/sub/cam", r, StringComparison.Ordinal));

        var (main, stopMain, mainRun) = Play(gateway, token, string.Empty, timeout.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => main.SawKeyframe, timeoutMs: 60_000), "the main stream sent no keyframe");
        Assert.Equal(2, camera.Clients);

        await stopSub.CancelAsync();
        var subResult = await subRun;
        Assert.True(subResult.Played, $"sub did not play: {subResult.Failure}");
        Assert.Equal((320, 180), subResult.PictureSize);
        await stopMain.CancelAsync();
        var mainResult = await mainRun;
        Assert.True(mainResult.Played, $"main did not play: {mainResult.Failure}");
        Assert.Equal((1280, 720), mainResult.PictureSize);

        // One pull per rendition, each released when its last viewer left; the parameter itself
        // never reached the camera.
        await camera.WaitForClientsAsync(0, timeout.Token);
        Assert.Equal(2, camera.Connections);
        Assert.Equal(1, camera.Requests.Count(r => r.StartsWith("/sub/cam?", StringComparison.Ordinal)));
        Assert.Equal(1, camera.Requests.Count(r => r.StartsWith("/cam?", StringComparison.Ordinal)));
        Assert.DoesNotContain(camera.Requests, r => r.Contains("rendition", StringComparison.OrdinalIgnoreCase));

        // The audit trail and the management API say which rendition each session played.
        var starts = gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.start").ToList();
        Assert.Equal(["main", "sub"], starts.Select(r => r.GetProperty("rendition").GetString()).Order());
    }

    [Fact]
    public async Task Rendition_ManagementApiListsTheRenditionOfALiveSession()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await StartCameraAsync(timeout.Token);
        await using var gateway = await StartGatewayAsync(camera);
        var (viewer, stop, run) = Play(gateway, TestTokens.Issue(gateway, "carol", [Camera]), "&rendition=sub", timeout.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe, timeoutMs: 60_000), "the substream sent no keyframe");

        using var response = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/sessions");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var session = Assert.Single(body.RootElement.GetProperty("response").EnumerateArray());
        Assert.Equal("sub", session.GetProperty("rendition").GetString());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Rendition_CredentialForAnotherCamera_CannotReachThisCamerasSubstream()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await StartCameraAsync(timeout.Token);
        await using var gateway = await StartGatewayAsync(camera);

        // A token for demo/other, presented for this camera's substream.
        var otherToken = TestTokens.Issue(gateway, "dave", ["demo/other"]);
        using var tokenAnswer = await PostOfferAsync(gateway.Client, $"http://127.0.0.1:{gateway.HttpPort}/{Camera}/whep?rendition=sub&token={otherToken}");
        Assert.Equal(HttpStatusCode.Forbidden, tokenAnswer.StatusCode);

        // A signed link for demo/other (with rendition=sub signed in), moved onto this camera.
        var otherLink = new Uri(gateway.SignedLink("demo/other", suffix: "/whep", extraQuery: "rendition=sub"));
        using var linkAnswer = await PostOfferAsync(gateway.Client, $"http://127.0.0.1:{gateway.HttpPort}/{Camera}/whep{otherLink.Query}");
        Assert.Equal(HttpStatusCode.Unauthorized, linkAnswer.StatusCode);
        Assert.Equal("signature_invalid", await ReasonOfAsync(linkAnswer));

        // Nothing reached the camera.
        Assert.Equal(0, camera.Connections);
        Assert.Empty(camera.Requests);
    }

    [Fact]
    public async Task Rendition_UnknownValuesAtScale_Are400RenditionUnknown_WhileAViewerKeepsPlaying()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await StartCameraAsync(timeout.Token);
        await using var gateway = await StartGatewayAsync(camera, new Dictionary<string, string?> { ["Gate:RequestsPerSecond"] = "0" });
        var token = TestTokens.Issue(gateway, "carol", [Camera]);
        var (viewer, stop, run) = Play(gateway, token, "&rendition=sub", timeout.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe, timeoutMs: 60_000), "the substream sent no keyframe");

        // Case variants, other values, a path and an empty value: refused, never guessed. (A repeated
        // rendition is refused by the request-shape check as duplicate_parameter, like any repeat.)
        string[] forged = ["rendition=SUB", "Rendition=sub", "rendition=high", "rendition=sub%2F..%2Fcam", "rendition=", "rendition=sub/../main"];
        // At most Gate:MaxPendingPerSource (16) requests in flight, so every answer is the gate's verdict on the rendition.
        using var attacker = SourceBoundClient.Create("127.0.0.2", maxConnections: 16);
        var answers = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(async i =>
        {
            using var answer = await PostOfferAsync(attacker, $"http://127.0.0.1:{gateway.HttpPort}/{Camera}/whep?{forged[i % forged.Length]}&token={token}");
            return ((int)answer.StatusCode, await ReasonOfAsync(answer));
        }));
        Assert.All(answers, a => Assert.Equal((400, "rendition_unknown"), a));

        var packets = viewer.Packets;
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > packets + 20, timeoutMs: 30_000), "the viewer stopped playing");
        await stop.CancelAsync();
        Assert.True((await run).Played);
        // The flood never touched the camera: one pull, the viewer's.
        Assert.Equal(1, camera.Connections);
    }

    private static (WebRtcViewer Viewer, CancellationTokenSource Stop, Task<ViewerResult> Run) Play(
        GatewayUnderTest gateway, string token, string query, CancellationToken cancellationToken)
    {
        var link = new Uri($"http://127.0.0.1:{gateway.HttpPort}/{Camera}/whep?token={token}{query}");
        var viewer = new WebRtcViewer(new WhepSignalling(gateway.Client, link), new WebRtcViewerOptions { Audio = false });
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return (viewer, stop, viewer.RunAsync(stop.Token));
    }

    private static async Task<HttpResponseMessage> PostOfferAsync(HttpClient client, string url)
    {
        using var content = new StringContent("v=0\r\n");
        content.Headers.ContentType = new("application/sdp");
        return await client.PostAsync(new Uri(url), content);
    }

    private static async Task<string?> ReasonOfAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("reason").GetString();
    }

    private static Task<GStreamerCamera> StartCameraAsync(CancellationToken cancellationToken) =>
        GStreamerCamera.StartAsync(cancellationToken, mounts: new Dictionary<string, string>
        {
            ["/cam"] = GStreamerCamera.H264Mount(1280, 720),
            ["/sub/cam"] = GStreamerCamera.H264Mount(320, 180),
        });

    private static Task<GatewayUnderTest> StartGatewayAsync(GStreamerCamera camera, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OriginMap:UnusedStreamDeletionTimeoutMs"] = "500",
            ["OriginMap:Origins:0:SubstreamUrls:0"] = $"127.0.0.1:{camera.Port}/sub",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return GStreamerGateway.StartAsync([camera], extra: settings, policySections: policy =>
            policy["operators"] = new object[]
            {
                new { id = "carol", cameras = new[] { Camera }, maxSessions = 5 },
                new { id = "dave", cameras = new[] { "demo/other" }, maxSessions = 5 },
            });
    }
}
