using System.Net;
using System.Text.Json.Nodes;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// docs/cluster.md, "Choosing the origin": 100 cameras requested through two front doors are pulled
/// by two origins, within ±15 % of 50 each, and every camera by one origin whichever front door sent
/// it. Stopping one origin moves its cameras to the other; when it returns, exactly its cameras
/// return to it and no other camera moves. Which origin pulls a camera is what the origin itself
/// logs when the pull starts (event 3401, "Camera … source 0 ready").
/// </summary>
public sealed class CameraSpreadOverOriginsTests
{
    private const int CameraCount = 100;

    // Fixed addresses: the choice hashes them, so the same cameras land on the same origin every run.
    private static readonly string[] OriginEndpoints = ["127.0.77.1:17001", "127.0.77.2:17001"];

    [Fact]
    public async Task HundredCameras_SpreadOverTwoOrigins_StoppingOneMovesOnlyItsCameras()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var names = Enumerable.Range(0, CameraCount).Select(i => $"s{i:000}").ToArray();
        // One GStreamer camera with 100 small mounts: demo/s000 … demo/s099.
        await using var camera = await GStreamerCamera.StartAsync(
            timeout.Token, mounts: names.ToDictionary(name => "/" + name, _ => GStreamerCamera.H264Mount(160, 120)));
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions
            {
                OriginEndpoints = OriginEndpoints,
                CameraSettings = ClusterUnderTest.CameraSettingsFor(camera),
                // One test client opens 300 sessions one after another: the per-source caps are not under test.
                Policy = policy => policy["anonymousLinks"] = JsonNode.Parse(
                    """{ "cameras": ["demo/*"], "maxSessions": 500, "maxSessionsPerLink": 500, "maxSessionsPerSource": 500 }"""),
                FrontDoorSettings = ["--Gate:RequestsPerSecond=0", "--Gate:MaxPendingPerSource=0"],
            },
            timeout.Token);
        var (a, b) = (cluster.Origins[0], cluster.Origins[1]);
        using var http = new HttpClient();

        var first = await PullEveryCameraAsync(cluster, camera, names, http, timeout.Token);
        var onA = first.Count(pair => pair.Value == a.Name);
        Assert.True(onA is >= 43 and <= 57, $"origin-a pulls {onA} of {CameraCount} cameras\n{cluster.Describe()}");

        // origin-b stops; once both front doors have it down, every camera is origin-a's.
        var mark = cluster.FrontDoors.Select(door => door.Output.Length).ToArray();
        await b.StopAsync(timeout.Token);
        await WaitForEveryFrontDoorAsync(cluster, mark, $"Origin {b.BaseUri.GetLeftPart(UriPartial.Authority)} is down", timeout.Token);
        var withoutB = await PullEveryCameraAsync(cluster, camera, names, http, timeout.Token);
        Assert.All(names, name => Assert.Equal(a.Name, withoutB[name]));

        // origin-b returns on its address: exactly the cameras it had come back to it, and no other moves.
        mark = cluster.FrontDoors.Select(door => door.Output.Length).ToArray();
        await b.StartAsync(timeout.Token);
        await WaitForEveryFrontDoorAsync(cluster, mark, $"Origin {b.BaseUri.GetLeftPart(UriPartial.Authority)} is up again", timeout.Token);
        var again = await PullEveryCameraAsync(cluster, camera, names, http, timeout.Token);
        Assert.Equal(first.OrderBy(p => p.Key), again.OrderBy(p => p.Key));
    }

    /// <summary>
    /// Asks for every camera once (a WHEP offer, alternately through each front door, hung up as soon
    /// as an origin has started the pull) and reads which origin started it; fails unless exactly one did.
    /// </summary>
    private static async Task<Dictionary<string, string>> PullEveryCameraAsync(
        ClusterUnderTest cluster, GStreamerCamera camera, string[] names, HttpClient http, CancellationToken cancellationToken)
    {
        // Each pull of the round before has ended, so a camera's pull now starts afresh and logs again.
        await camera.WaitForClientsAsync(0, cancellationToken);
        var marks = cluster.Origins.Select(origin => origin.Output.Length).ToArray();
        string NewOutput(int i) => cluster.Origins[i].Output[marks[i]..];
        using var parallel = new SemaphoreSlim(4);
        await Task.WhenAll(names.Select(async (name, index) =>
        {
            await parallel.WaitAsync(cancellationToken);
            try
            {
                var door = cluster.FrontDoors[index % cluster.FrontDoors.Count];
                var offer = await ClusterUnderTest.OfferAsync(http, cluster.SignedLink(door, $"demo/{name}/whep"), cancellationToken);
                Assert.True(offer.Status == HttpStatusCode.Created, $"demo/{name} via {door.Name}: {offer}\n{cluster.Describe()}");
                var started = $"Camera demo/{name}: source 0 ready";
                Assert.True(
                    await GatewayUnderTest.EventuallyAsync(() => Enumerable.Range(0, marks.Length).Any(i => NewOutput(i).Contains(started, StringComparison.Ordinal)), 60_000),
                    $"no origin started demo/{name}\n{cluster.Describe()}");
                await ClusterUnderTest.HangUpAsync(http, offer, cancellationToken);
            }
            finally
            {
                parallel.Release();
            }
        }));

        await Task.Delay(ExactlyOnce.Moment, cancellationToken);
        return names.ToDictionary(name => name, name =>
        {
            var pulledBy = Enumerable.Range(0, marks.Length)
                .Where(i => NewOutput(i).Contains($"Camera demo/{name}: source 0 ready", StringComparison.Ordinal))
                .Select(i => cluster.Origins[i].Name)
                .ToArray();
            Assert.True(pulledBy.Length == 1, $"demo/{name} was pulled by {string.Join(", ", pulledBy)}\n{cluster.Describe()}");
            return pulledBy[0];
        });
    }

    private static async Task WaitForEveryFrontDoorAsync(ClusterUnderTest cluster, int[] marks, string line, CancellationToken cancellationToken)
    {
        for (var i = 0; i < cluster.FrontDoors.Count; i++)
        {
            var door = cluster.FrontDoors[i];
            var mark = marks[i];
            Assert.True(
                await GatewayUnderTest.EventuallyAsync(() => door.Output[mark..].Contains(line, StringComparison.Ordinal), 60_000),
                $"{door.Name} did not log '{line}'\n{cluster.Describe()}");
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
