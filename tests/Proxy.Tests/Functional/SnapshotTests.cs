using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Snapshots;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;
using Xunit.Abstractions;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// <c>GET /{app}/{stream}/snapshot.jpg</c> end to end (docs/snapshots.md): the real front door's
/// gate, the embedded origin and real GStreamer cameras (H.264 and H.265, 320x240, a keyframe every
/// 2 s), the JPEG decoded by the boxed ffmpeg.
/// </summary>
public sealed class SnapshotTests(ITestOutputHelper output)
{
    private const int CameraWidth = 320;
    private const int CameraHeight = 240;

    /// <summary>OME's default, set explicitly: a cold camera released within seconds was not released by it.</summary>
    private const string DeletionTimeoutMs = "60000";

    [Theory]
    [InlineData("h264")]
    [InlineData("h265")]
    public async Task Snapshot_ColdCamera_JpegOfTheCameraSize_NoStore_PullReleasedRightAfter(string mount)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera);
        var hub = gateway.Services.GetRequiredService<StreamHub>();

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync(new Uri(gateway.SignedLink("demo/" + mount, suffix: "/snapshot.jpg")), timeout.Token);
        var jpeg = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        var cold = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.True(JpegHeader.TryRead(jpeg, out var width, out var height), "not a JPEG");
        Assert.Equal((CameraWidth, CameraHeight), (width, height));

        // Released by the probe rule, long before the 60 s deletion timeout could.
        await camera.WaitForClientsAsync(0, timeout.Token).WaitAsync(TimeSpan.FromSeconds(15), timeout.Token);
        var released = clock.Elapsed;
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => hub.GetAll().Count == 0, 5000), "the pull is still in the hub");
        Assert.Equal(1, camera.Connections);

        var decision = Assert.Single(gateway.Decisions());
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Equal("snapshot", decision.GetProperty("protocol").GetString());
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end");
        Assert.Equal("snapshot_served", end.GetProperty("end_reason").GetString());
        Assert.Equal(jpeg.Length, end.GetProperty("bytes_sent").GetInt64());

        // Cold again, now that the decoder's box is known to work: a fresh pull, released again.
        clock.Restart();
        using var again = await gateway.Client.GetAsync(new Uri(gateway.SignedLink("demo/" + mount, suffix: "/snapshot.jpg")), timeout.Token);
        var second = await again.Content.ReadAsByteArrayAsync(timeout.Token);
        var coldAgain = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JpegHeader.TryRead(second, out width, out height) && (width, height) == (CameraWidth, CameraHeight));
        await camera.WaitForClientsAsync(0, timeout.Token).WaitAsync(TimeSpan.FromSeconds(15), timeout.Token);
        Assert.Equal(2, camera.Connections);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mount}: cold snapshot {cold.TotalMilliseconds:F0} ms with the box's first-use probe, {coldAgain.TotalMilliseconds:F0} ms after it ({second.Length} bytes); the first pull closed {released.TotalMilliseconds:F0} ms after its request started"));
    }

    [Fact]
    public async Task Snapshot_WithWebhook_OneOpeningWithTheSnapshotUrl_OneClosing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera, webhook: true);

        using var response = await gateway.Client.GetAsync(new Uri(gateway.SignedLink("demo/h264", suffix: "/snapshot.jpg")), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var opening = await ExactlyOnce.SingleAsync(() => gateway.Webhook.Openings, "opening");
        Assert.Contains("/demo/h264/snapshot.jpg", opening.Body, StringComparison.Ordinal);
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing");
    }

    [Fact]
    public async Task Snapshot_TokenEntitledOperator_Admitted_OtherOperatorNotEntitled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync(
            [camera],
            policySections: policy => policy["operators"] = new object[]
            {
                new { id = "alice", cameras = new[] { "demo/h264" } },
                new { id = "bob", cameras = new[] { "demo/h265" } },
            });
        var url = new Uri($"http://127.0.0.1:{gateway.HttpPort}/demo/h264/snapshot.jpg");

        using var alice = new HttpRequestMessage(HttpMethod.Get, url);
        alice.Headers.Authorization = new("Bearer", TestTokens.Issue(gateway, "alice", ["demo/*"]));
        using var admitted = await gateway.Client.SendAsync(alice, timeout.Token);
        using var bob = new HttpRequestMessage(HttpMethod.Get, url);
        bob.Headers.Authorization = new("Bearer", TestTokens.Issue(gateway, "bob", ["demo/*"]));
        using var refused = await gateway.Client.SendAsync(bob, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.True(JpegHeader.TryRead(await admitted.Content.ReadAsByteArrayAsync(timeout.Token), out _, out _));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("not_entitled", GateProbe.ReasonOf(await refused.Content.ReadAsStringAsync(timeout.Token)));
        Assert.Equal(["allow", "deny"], gateway.Decisions().Select(d => d.GetProperty("decision").GetString()));
    }

    [Fact]
    public async Task Snapshot_RefusedLink_401_NoCameraContact_NoWebhook_ExactlyOneDenyRecord()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera, webhook: true);
        var link = gateway.SignedLink("demo/h264", suffix: "/snapshot.jpg");
        // The signature's last base64url character ends in zero bits, so only some characters are
        // well formed there (A and Q among them): swapping one for the other is a wrong signature,
        // never a malformed one (A to B was malformed whenever the signature ended in A).
        var forged = link[..^1] + (link[^1] == 'A' ? 'Q' : 'A');

        using var response = await gateway.Client.GetAsync(new Uri(forged), timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("signature_invalid", GateProbe.ReasonOf(await response.Content.ReadAsStringAsync(timeout.Token)));
        var record = await ExactlyOnce.SingleAsync(() => gateway.Decisions(), "access.decision");
        Assert.Equal("deny", record.GetProperty("decision").GetString());
        Assert.Equal("signature_invalid", record.GetProperty("reason").GetString());
        Assert.Equal("snapshot", record.GetProperty("protocol").GetString());
        Assert.Equal(0, camera.Connections);
        Assert.Empty(gateway.Webhook.Calls);
        Assert.Empty(gateway.Services.GetRequiredService<StreamHub>().GetAll());
    }

    [Fact]
    public async Task Snapshot_ThousandsOfForgedRequests_NoCameraContact_LegitimateSnapshotStillServed()
    {
        const int Forged = 2000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await StartAsync(camera, extra: new() { ["Gate:RefusalSummarySeconds"] = "2" });
        using var attacker = SourceBoundClient.Create("127.0.0.2", maxConnections: 32);
        var link = gateway.SignedLink("demo/h264", suffix: "/snapshot.jpg");
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var answered = 0;

        var flood = Parallel.ForAsync(0, Forged, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token }, async (i, token) =>
        {
            // Bit-flipped, truncated or missing signatures, for the same camera.
            var target = (i % 3) switch
            {
                0 => link[..^1] + (link[^1] == 'A' ? 'Q' : 'A'),
                1 => link[..^4],
                _ => $"http://127.0.0.1:{gateway.HttpPort}/demo/h264/snapshot.jpg",
            };
            using var response = await attacker.GetAsync(new Uri(target), token);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            Interlocked.Increment(ref answered);
        });
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => Volatile.Read(ref answered) > Forged / 4, 120_000), "the flood did not get going");
        using var legitimate = await gateway.Client.GetAsync(new Uri(link), timeout.Token);
        var jpeg = await legitimate.Content.ReadAsByteArrayAsync(timeout.Token);
        await flood;

        Assert.Equal(HttpStatusCode.OK, legitimate.StatusCode);
        Assert.True(JpegHeader.TryRead(jpeg, out var width, out _) && width == CameraWidth);
        Assert.Equal(Forged, statuses.Values.Sum());
        Assert.All(statuses.Keys, status => Assert.Contains(status, new[] { 401, 429 }));
        // The one camera connection is the legitimate snapshot's.
        await camera.WaitForClientsAsync(0, timeout.Token);
        Assert.Equal(1, camera.Connections);
        output.WriteLine("forged snapshot answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
    }

    [Fact]
    public async Task Snapshot_UnreachableCamera_503CameraUnreachable()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["OriginMap:Origins:0:Location"] = "/demo",
                ["OriginMap:Origins:0:Scheme"] = "rtsp",
                // Nothing listens on port 1 of loopback: connection refused at once.
                ["OriginMap:Origins:0:Urls:0"] = "127.0.0.1:1",
            },
            embeddedOrigin: true);

        using var response = await gateway.Client.GetAsync(new Uri(gateway.SignedLink("demo/h264", suffix: "/snapshot.jpg")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("camera_unreachable", GateProbe.ReasonOf(await response.Content.ReadAsStringAsync()));
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end");
        Assert.Equal("origin_refused", end.GetProperty("end_reason").GetString());
    }

    [Fact]
    public async Task Snapshot_SourceOverItsSnapshotShare_429SnapshotLimit_AtScale_OtherSourceAndItsOwnPlaybackStillAdmitted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // A camera that accepts the connection and never answers: an admitted snapshot stays in
        // flight until the camera's start timeout (10 s), holding its place in the snapshot pool.
        using var blackHole = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await blackHole.AcceptTcpClientAsync(timeout.Token));
            }
        });
        await using var gateway = await GatewayUnderTest.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["OriginMap:Origins:0:Location"] = "/demo",
                ["OriginMap:Origins:0:Scheme"] = "rtsp",
                ["OriginMap:Origins:0:Urls:0"] = $"127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}",
                ["Gate:MaxSnapshotsPerSource"] = "2",
                // The rate limit and the pending-admission share off: the snapshot pool alone
                // stands between the burst and the camera (those bounds have their own tests).
                ["Gate:RequestsPerSecond"] = "0",
                ["Gate:MaxPendingPerSource"] = "0",
            },
            embeddedOrigin: true);
        var link = new Uri(gateway.SignedLink("demo/cam", suffix: "/snapshot.jpg", lifetime: TimeSpan.FromMinutes(5)));
        using var attacker = SourceBoundClient.Create("127.0.0.2", maxConnections: 64);
        using var other = SourceBoundClient.Create("127.0.0.3");
        var pending = new List<Task>();

        // Repeated only if the two held snapshots ended (start timeout) before the burst did, so the
        // result does not depend on how fast this machine is.
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 5, "the held snapshots never outlasted the burst");
            var allowedBefore = Allowed(gateway).Count;
            var refusedBefore = gateway.Decisions().Count(d => d.GetProperty("reason").GetString() == "snapshot_limit");
            var inFlight = Enumerable.Range(0, 2).Select(_ => attacker.GetAsync(link, timeout.Token)).ToArray();
            pending.AddRange(inFlight);
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => Allowed(gateway).Count == allowedBefore + 2, 10_000), "the two snapshots were not admitted");

            var refused = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ =>
            {
                using var response = await attacker.GetAsync(link, timeout.Token);
                return ((int)response.StatusCode, GateProbe.ReasonOf(await response.Content.ReadAsStringAsync(timeout.Token)));
            }));
            if (inFlight.Any(t => t.IsCompleted))
            {
                continue;
            }

            Assert.All(refused, r => Assert.Equal((429, "snapshot_limit"), r));
            Assert.Equal(refusedBefore + 1000, gateway.Decisions().Count(d => d.GetProperty("reason").GetString() == "snapshot_limit"));

            // Another source's snapshot, and the attacker's own playback (a viewing-session place, not a snapshot place).
            pending.Add(other.GetAsync(link, timeout.Token));
            using var offer = new HttpRequestMessage(HttpMethod.Post, gateway.SignedLink("demo/cam", suffix: "/whep")) { Content = new StringContent("v=0") };
            offer.Content.Headers.ContentType = new("application/sdp");
            pending.Add(attacker.SendAsync(offer, timeout.Token));
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => Allowed(gateway).Count == allowedBefore + 4, 10_000),
                "the other source's snapshot and the attacker's own playback were not both admitted");
            var admitted = Allowed(gateway).Skip(allowedBefore + 2).ToList();
            Assert.Equal(1, admitted.Count(d => d.GetProperty("protocol").GetString() == "whep" && d.GetProperty("client_ip").GetString() == "127.0.0.2"));
            Assert.Equal(1, admitted.Count(d => d.GetProperty("protocol").GetString() == "snapshot" && d.GetProperty("client_ip").GetString() == "127.0.0.3"));
            break;
        }

        await timeout.CancelAsync();
        foreach (var client in held)
        {
            client.Dispose();
        }

        await Task.WhenAll(pending.Append(accepting).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private static List<JsonElement> Allowed(GatewayUnderTest gateway) =>
        [.. gateway.Decisions().Where(d => d.GetProperty("decision").GetString() == "allow")];

    [Fact]
    public async Task Snapshot_WatchedCamera_FromTheKeptKeyframe_OneDecodePerKeyframe_NoSecondPull()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        // Each batch is 23 requests from one address, and a batch a new keyframe interrupted is
        // repeated: the per-source request rate (20/s, burst 40; tested on its own) is off here.
        await using var gateway = await StartAsync(camera, extra: new() { ["Gate:RequestsPerSecond"] = "0" });
        var hub = gateway.Services.GetRequiredService<StreamHub>();
        var cache = gateway.Services.GetRequiredService<SnapshotCache>();
        var limiter = gateway.Services.GetRequiredService<SessionLimiter>();
        var key = new PullKey(new CameraPath("demo", "h264"), string.Empty);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var link = new Uri(gateway.SignedLink("demo/h264", suffix: "/whep"));
#pragma warning disable CA2000 // The viewer uses the client until its run ends, below.
        var viewer = new WebRtcViewer(new WhepSignalling(new HttpClient(), link), new WebRtcViewerOptions { Audio = false });
#pragma warning restore CA2000
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100 && hub.TryGetKeptKeyframe(key, out _, out _), 60_000), "the viewer did not play");
        var snapshot = new Uri(gateway.SignedLink("demo/h264", suffix: "/snapshot.jpg", lifetime: TimeSpan.FromMinutes(5)));

        // Many requests while one keyframe is kept: one decode. Retried when a new keyframe arrived
        // during the batch (every 2 s here), so the count does not depend on timing.
        var warm = new List<double>();
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 10, "no batch fitted between two keyframes");
            hub.TryGetKeptKeyframe(key, out var before, out _);
            var decodesBefore = cache.Decodes;
            var times = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await gateway.Client.GetAsync(snapshot, timeout.Token);
                var jpeg = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                times.Add(clock.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(JpegHeader.TryRead(jpeg, out var width, out var height) && (width, height) == (CameraWidth, CameraHeight));
            }

            // Each snapshot is a session while it runs: three at once stay inside the anonymous
            // per-source share (4) beside the viewer. The last one's session ends just after its
            // JPEG has gone out (the client may read it first), so wait until only the viewer's is left.
            Assert.True(
                await GatewayUnderTest.EventuallyAsync(() => limiter.ActiveCount(EntitlementTable.AnonymousKey, IPAddress.Loopback) == 1, 30_000),
                "the sequential snapshots' sessions did not end");
            var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => gateway.Client.GetAsync(snapshot, timeout.Token)));
            foreach (var response in concurrent.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                Assert.Fail($"a concurrent snapshot was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
            }

            foreach (var response in concurrent)
            {
                response.Dispose();
            }

            hub.TryGetKeptKeyframe(key, out var after, out _);
            if (!ReferenceEquals(before, after))
            {
                continue;
            }

            // The first batch decodes its keyframe; a later one may find it decoded by the batch before.
            Assert.InRange(cache.Decodes - decodesBefore, attempt == 0 ? 1 : 0, 1);
            warm.AddRange(times.Skip(1));
            break;
        }

        // The snapshots used the viewer's pull: still one camera connection.
        Assert.Equal(1, camera.Connections);
        await stop.CancelAsync();
        Assert.True((await run).Played);
        warm.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm snapshot through the gate: median {warm[warm.Count / 2]:F1} ms, p90 {warm[(int)(warm.Count * 0.9)]:F1} ms, max {warm[^1]:F1} ms over {warm.Count} requests; first request of the keyframe (decode) excluded"));
    }

    private static Task<GatewayUnderTest> StartAsync(GStreamerCamera camera, bool webhook = false, Dictionary<string, string?>? extra = null)
    {
        var settings = extra ?? [];
        settings["OriginMap:UnusedStreamDeletionTimeoutMs"] = DeletionTimeoutMs;
        return GStreamerGateway.StartAsync([camera], webhook, settings);
    }

    private static IEnumerable<JsonElement> SessionEnds(GatewayUnderTest gateway) =>
        gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end");
}
