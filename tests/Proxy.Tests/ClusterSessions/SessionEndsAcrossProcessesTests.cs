using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>
/// Session ends across processes (docs/cluster.md, "Sessions across nodes"), each node its own
/// process of the built executable on one real redis-server (the cluster harness), in front of a
/// real GStreamer camera: one origin (<c>origin</c>) and two front doors (<c>run</c> with
/// <c>Origin:Destinations</c>), and real WHEP viewers sent by front door A. A hang-up is closed
/// from the origin's report (its reason and octets); a kick through B's management API ends A's
/// session and its media; the origin killed ends each of its sessions <c>origin_lost</c>. Every
/// closing is one record (in A's journal) and one webhook call.
/// </summary>
public sealed class SessionEndsAcrossProcessesTests
{
    [Fact]
    public async Task HangUp_KickThroughB_OriginKilled_EachSessionClosedOnceOnTheAdmittingFrontDoor()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var webhook = await WebhookReceiver.StartAsync();
        using var webhookKey = new WebhookKeyFile();
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions
            {
                Origins = 1,
                CameraSettings = ClusterUnderTest.CameraSettingsFor(camera),
                Policy = policy => policy["admission"] = new JsonObject
                {
                    ["enabled"] = true,
                    ["url"] = webhook.Url,
                    ["secret"] = "file:" + webhookKey.Path,
                    ["timeoutMs"] = 2000,
                    ["closingTimeoutMs"] = 1000,
                },
                FrontDoorSettings = ["--Origin:HealthCheck:IntervalMs=500", "--Origin:HealthCheck:TimeoutMs=400", "--Origin:HealthCheck:FailureThreshold=1"],
            },
            timeout.Token);
        var (a, b) = (cluster.FrontDoors[0], cluster.FrontDoors[1]);
        using var http = new HttpClient();

        // 1. A hang-up: closed on A from the origin's report, with its reason and octets.
        var hangUp = await PlayAsync();
        await hangUp.StopAsync();
        var hungUp = await ExactlyOnce.SingleAsync(() => SessionEnds(a), "session.end of the hang-up", 30_000);
        Assert.Contains(hungUp.GetProperty("end_reason").GetString(), (string?[])["hang_up", "whep_delete"]);
        Assert.True(hungUp.GetProperty("bytes_sent").GetInt64() > 0, "the origin's octets did not reach A's record\n" + cluster.Describe());
        var first = hungUp.GetProperty("session_id").GetString()!;
        await ExactlyOnce.SingleAsync(() => webhook.Closings.Where(c => c.Body.Contains(first, StringComparison.Ordinal)), "closing of the hang-up");

        // 2. A kick through B's management API of the session A admitted.
        await using var kicked = await PlayAsync();
        var listed = await ListAsync(b);
        var onA = Assert.Single(listed, s => s.GetProperty("node").GetString() == a.Name);
        var second = onA.GetProperty("id").GetString()!;
        using (var kick = await ManagementAsync(HttpMethod.Delete, b, "/v1/sessions/" + second))
        {
            Assert.Equal(HttpStatusCode.Accepted, kick.StatusCode);
        }

        var kickEnd = await ExactlyOnce.SingleAsync(
            () => SessionEnds(a).Where(e => e.GetProperty("session_id").GetString() == second), "session.end of the kick", 30_000);
        Assert.Equal("kicked", kickEnd.GetProperty("end_reason").GetString());
        var kickRecord = Assert.Single(ClusterUnderTest.AuditRecords(a), r => r.GetProperty("type").GetString() == "session.kicked");
        Assert.Equal((second, b.Name), (kickRecord.GetProperty("session_id").GetString(), kickRecord.GetProperty("via_node").GetString()));
        await ExactlyOnce.SingleAsync(() => webhook.Closings.Where(c => c.Body.Contains(second, StringComparison.Ordinal)), "closing of the kick");
        Assert.True(await kicked.MediaStoppedAsync(), "the kicked viewer's media kept flowing");

        // 3. The origin killed: each of its sessions ends origin_lost, once.
        await using var third = await PlayAsync();
        await using var fourth = await PlayAsync();
        await cluster.Origins[0].KillAsync();
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => SessionEnds(a).Count(e => e.GetProperty("end_reason").GetString() == "origin_lost") >= 2, 60_000),
            "the killed origin's sessions did not end origin_lost\n" + cluster.Describe());
        await Task.Delay(ExactlyOnce.Moment);
        var all = SessionEnds(a).ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(4, all.Select(e => e.GetProperty("session_id").GetString()).Distinct().Count());
        Assert.Equal(2, all.Count(e => e.GetProperty("end_reason").GetString() == "origin_lost"));
        Assert.Equal(4, webhook.Closings.Count());
        Assert.Empty(SessionEnds(b));

        async Task<PlayingViewer> PlayAsync()
        {
            var viewer = new WebRtcViewer(new WhepSignalling(http, cluster.SignedLink(a, "demo/h264/whep")), new WebRtcViewerOptions { Audio = false });
            var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var playing = new PlayingViewer(viewer, stop, viewer.RunAsync(stop.Token));
            if (!await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000))
            {
                await playing.DisposeAsync();
                Assert.Fail("the viewer did not play\n" + cluster.Describe());
            }

            return playing;
        }

        async Task<List<JsonElement>> ListAsync(ClusterNode frontDoor)
        {
            using var response = await ManagementAsync(HttpMethod.Get, frontDoor, "/v1/sessions");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement;
            return [.. body.GetProperty("response").EnumerateArray().Select(e => e.Clone())];
        }

        async Task<HttpResponseMessage> ManagementAsync(HttpMethod method, ClusterNode frontDoor, string path)
        {
            using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{frontDoor.ManagementPort}{path}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(cluster.Keys.ManagementToken))));
            return await http.SendAsync(request, timeout.Token);
        }
    }

    private static IEnumerable<JsonElement> SessionEnds(ClusterNode frontDoor) =>
        ClusterUnderTest.AuditRecords(frontDoor).Where(r => r.GetProperty("type").GetString() == "session.end");

    /// <summary>The admission webhook's key, in a file of its own that the front doors read.</summary>
    private sealed class WebhookKeyFile : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("securestream-webhook-").FullName;

        public WebhookKeyFile() => File.WriteAllText(Path, "webhook-secret-for-tests-0123456789");

        public string Path => System.IO.Path.Combine(_folder, "webhook-key");

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A viewer run, stopped and released with the test.</summary>
    private sealed class PlayingViewer(WebRtcViewer viewer, CancellationTokenSource stop, Task<ViewerResult> run) : IAsyncDisposable
    {
        /// <summary>Hangs up (the viewer's own end) and waits for its run to finish.</summary>
        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await run;
        }

        /// <summary>True once no packet arrives for two seconds (bounded).</summary>
        public async Task<bool> MediaStoppedAsync()
        {
            for (var i = 0; i < 30; i++)
            {
                var before = viewer.Packets;
                await Task.Delay(TimeSpan.FromSeconds(2));
                if (viewer.Packets == before)
                {
                    return true;
                }
            }

            return false;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            stop.Dispose();
        }
    }
}
