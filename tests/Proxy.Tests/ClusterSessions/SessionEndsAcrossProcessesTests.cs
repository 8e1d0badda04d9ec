using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>
/// Session ends across processes (docs/cluster.md, "Sessions across nodes"), each node its own
/// process of the built executable on one real redis-server, in front of a real GStreamer camera:
/// one origin (<c>origin</c>) and two front doors (<c>run</c> with <c>Origin:Destinations</c>), and
/// real WHEP viewers sent by front door A. A hang-up is closed from the origin's report (its reason
/// and octets); a kick through B's management API ends A's session and its media; the origin killed
/// ends each of its sessions <c>origin_lost</c>. Every closing is one record and one webhook call.
/// </summary>
public sealed class SessionEndsAcrossProcessesTests
{
    [Fact]
    public async Task HangUp_KickThroughB_OriginKilled_EachSessionClosedOnceOnTheAdmittingFrontDoor()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var redis = await RedisServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        using var folder = new StandaloneOriginTests.TempFolder();
        var keys = StandaloneOriginTests.Keys.Write(folder.Path);
        EnableWebhook(keys.PolicyPath, webhook.Url, folder.Path);
        string[] shared =
        [
            "--OriginMap:Origins:0:Location=/demo", "--OriginMap:Origins:0:Scheme=rtsp",
            $"--OriginMap:Origins:0:Urls:0=127.0.0.1:{camera.Port}", "--OriginMap:UnusedStreamDeletionTimeoutMs=1000",
            "--DemoCameras:Enabled=false", $"--Origin:TicketKey=file:{keys.TicketKey}",
            $"--Cluster:Redis:Endpoints:0={redis.Endpoint}", "--Cluster:Redis:KeyPrefix=proof:",
            "--Cluster:Redis:OperationTimeoutMs=5000",
        ];

        var origin = StandaloneOriginTests.StartVerb(folder.Sub("origin"), "origin",
        [
            "--Cluster:NodeId=origin-1", "--Listeners:Origin:Address=127.0.0.1", "--Listeners:Origin:Port=0",
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0", .. shared,
        ]);
        try
        {
            var originPort = await StandaloneOriginTests.ListeningPortAsync(origin, "origin", timeout.Token);
            var (a, aHttp, _) = await StartFrontDoorAsync("front-a", originPort);
            await using var frontA = a;
            var (b, _, bManagement) = await StartFrontDoorAsync("front-b", originPort);
            await using var frontB = b;
            await WaitForListeningAsync(origin, frontA);
            using var http = new HttpClient();
            var journal = Path.Combine(folder.Path, "front-a.jsonl");

            // 1. A hang-up: closed on A from the origin's report, with its reason and octets.
            var hangUp = await PlayAsync(http, aHttp, timeout.Token);
            await hangUp.StopAsync();
            var hungUp = await ExactlyOnce.SingleAsync(() => SessionEnds(journal), "session.end of the hang-up", 30_000);
            Assert.Contains(hungUp.GetProperty("end_reason").GetString(), (string?[])["hang_up", "whep_delete"]);
            Assert.True(hungUp.GetProperty("bytes_sent").GetInt64() > 0, "the origin's octets did not reach A's record");
            var first = hungUp.GetProperty("session_id").GetString()!;
            await ExactlyOnce.SingleAsync(() => webhook.Closings.Where(c => c.Body.Contains(first, StringComparison.Ordinal)), "closing of the hang-up");

            // 2. A kick through B's management API of the session A admitted.
            await using var kicked = await PlayAsync(http, aHttp, timeout.Token);
            var listed = await ListAsync(http, bManagement, keys.ManagementToken, timeout.Token);
            var onA = Assert.Single(listed, s => s.GetProperty("node").GetString() == "front-a");
            var second = onA.GetProperty("id").GetString()!;
            using (var kick = await ManagementAsync(http, HttpMethod.Delete, bManagement, "/v1/sessions/" + second, keys.ManagementToken, timeout.Token))
            {
                Assert.Equal(HttpStatusCode.Accepted, kick.StatusCode);
            }

            var kickEnd = await ExactlyOnce.SingleAsync(
                () => SessionEnds(journal).Where(e => e.GetProperty("session_id").GetString() == second), "session.end of the kick", 30_000);
            Assert.Equal("kicked", kickEnd.GetProperty("end_reason").GetString());
            await ExactlyOnce.SingleAsync(() => webhook.Closings.Where(c => c.Body.Contains(second, StringComparison.Ordinal)), "closing of the kick");
            Assert.True(await kicked.MediaStoppedAsync(), "the kicked viewer's media kept flowing");

            // 3. The origin killed: each of its sessions ends origin_lost, once.
            await using var third = await PlayAsync(http, aHttp, timeout.Token);
            await using var fourth = await PlayAsync(http, aHttp, timeout.Token);
            await origin.DisposeAsync();
            origin = null;
            Assert.True(
                await GatewayUnderTest.EventuallyAsync(() => SessionEnds(journal).Count(e => e.GetProperty("end_reason").GetString() == "origin_lost") >= 2, 60_000),
                "the killed origin's sessions did not end origin_lost\n" + frontA.Output);
            await Task.Delay(ExactlyOnce.Moment);
            var all = SessionEnds(journal).ToList();
            Assert.Equal(4, all.Count);
            Assert.Equal(4, all.Select(e => e.GetProperty("session_id").GetString()).Distinct().Count());
            Assert.Equal(2, all.Count(e => e.GetProperty("end_reason").GetString() == "origin_lost"));
            Assert.Equal(4, webhook.Closings.Count());
            Assert.Empty(SessionEnds(Path.Combine(folder.Path, "front-b.jsonl")));
        }
        finally
        {
            if (origin is not null)
            {
                await origin.DisposeAsync();
            }
        }

        async Task<(SampleProcess Process, int Http, int Management)> StartFrontDoorAsync(string node, int originPort)
        {
            var managementPort = FreePort();
            var process = StandaloneOriginTests.StartVerb(folder.Sub(node), "run",
            [
                $"--Cluster:NodeId={node}", "--Listeners:Http:Address=127.0.0.1", "--Listeners:Http:Port=0", "--Listeners:Https:Enabled=false",
                "--Listeners:Management:Address=127.0.0.1", $"--Listeners:Management:Port={managementPort}",
                $"--Origin:Destinations:0=http://127.0.0.1:{originPort}",
                "--Origin:HealthCheck:IntervalMs=500", "--Origin:HealthCheck:TimeoutMs=400", "--Origin:HealthCheck:FailureThreshold=1",
                "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0",
                $"--Policy:Path={keys.PolicyPath}", "--Policy:CreateMissingDevelopmentSecrets=false",
                $"--Management:AccessToken=file:{keys.ManagementToken}", $"--Audit:CheckpointKey=file:{keys.CheckpointKey}",
                $"--Audit:JournalPath={Path.Combine(folder.Path, node + ".jsonl")}", .. shared,
            ]);
            return (process, await HttpPortAsync(process, managementPort, timeout.Token), managementPort);
        }

        async Task<PlayingViewer> PlayAsync(HttpClient client, int httpPort, CancellationToken cancellationToken)
        {
            var viewer = new WebRtcViewer(new WhepSignalling(client, new Uri(keys.WhepLink(httpPort))), new WebRtcViewerOptions { Audio = false });
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var playing = new PlayingViewer(viewer, stop, viewer.RunAsync(stop.Token));
            if (!await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000))
            {
                await playing.DisposeAsync();
                Assert.Fail("the viewer did not play\n" + origin?.Output);
            }

            return playing;
        }
    }

    private static IEnumerable<JsonElement> SessionEnds(string journal) =>
        File.Exists(journal)
            ? StandaloneOriginTests.Records(journal).Where(r => r.GetProperty("type").GetString() == "session.end")
            : [];

    /// <summary>The repository's policy with the admission webhook on, pointed at the test's receiver.</summary>
    private static void EnableWebhook(string policyPath, string url, string folder)
    {
        var secret = Path.Combine(folder, "webhook-key");
        File.WriteAllText(secret, "webhook-secret-for-tests-0123456789");
        var policy = JsonNode.Parse(File.ReadAllText(policyPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        policy["admission"] = new JsonObject
        {
            ["enabled"] = true,
            ["url"] = url,
            ["secret"] = "file:" + secret,
            ["timeoutMs"] = 2000,
            ["closingTimeoutMs"] = 1000,
        };
        File.WriteAllText(policyPath, policy.ToJsonString());
    }

    /// <summary>Kestrel's listening line that is not the management port: the viewers' HTTP port.</summary>
    private static async Task<int> HttpPortAsync(SampleProcess process, int managementPort, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var match in StandaloneOriginTests.Listening().Matches(process.Output).Cast<System.Text.RegularExpressions.Match>())
            {
                var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (port != managementPort)
                {
                    return port;
                }
            }

            Assert.False(cancellationToken.IsCancellationRequested, "the front door did not start listening:\n" + process.Output + process.Error);
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Both listening lines are out and the front door has subscribed to its channel (its start-up log says so).</summary>
    private static async Task WaitForListeningAsync(SampleProcess origin, SampleProcess frontDoor)
    {
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => origin.Output.Contains("sessions:origins", StringComparison.Ordinal) &&
                frontDoor.Output.Contains("sessions:node:front-a", StringComparison.Ordinal), 60_000),
            "the nodes did not subscribe their session channels\n" + origin.Output + "\n" + frontDoor.Output);
    }

    // The management listener needs a known port to tell its listening line from the HTTP one; the
    // port is free a moment ago, and only this test's process asks for it.
    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, int port, string tokenFile, CancellationToken cancellationToken)
    {
        using var response = await ManagementAsync(http, HttpMethod.Get, port, "/v1/sessions", tokenFile, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        return [.. body.GetProperty("response").EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<HttpResponseMessage> ManagementAsync(HttpClient http, HttpMethod method, int port, string path, string tokenFile, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{port}{path}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(tokenFile))));
        return await http.SendAsync(request, cancellationToken);
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
