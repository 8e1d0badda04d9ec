using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Failover;

/// <summary>
/// A cluster of real processes on loopback (docs/cluster.md, "Topology"): a redis-server, a
/// GStreamer camera (<c>/demo/h264</c>), two origins (<c>origin</c>) and two front doors
/// (<c>run</c> with both origins in <c>Origin:Destinations</c>, shared state in the Redis, node
/// ids <c>fd-a</c> and <c>fd-b</c>), sharing only the key files of one folder. A process killed
/// with <see cref="KillOriginAsync"/> or <see cref="KillFrontDoorAsync"/> dies at once (SIGKILL),
/// as a crashed process or a lost machine does.
/// </summary>
internal sealed partial class FailoverCluster : IAsyncDisposable
{
    public const string Camera = "demo/h264";

    private readonly StandaloneOriginTests.TempFolder _folder;
    private readonly List<SampleProcess> _processes = [];
    private readonly HashSet<SampleProcess> _killed = [];

    private FailoverCluster(StandaloneOriginTests.TempFolder folder, StandaloneOriginTests.Keys keys, RedisServer redis, GStreamerCamera camera)
    {
        _folder = folder;
        Keys = keys;
        Redis = redis;
        CameraServer = camera;
    }

    public StandaloneOriginTests.Keys Keys { get; }

    public RedisServer Redis { get; }

    /// <summary>The camera; its <see cref="GStreamerCamera.Clients"/> is the number of origins pulling it now.</summary>
    public GStreamerCamera CameraServer { get; }

    public IReadOnlyList<SampleProcess> Origins { get; private set; } = [];

    public IReadOnlyList<int> OriginPorts { get; private set; } = [];

    public IReadOnlyList<SampleProcess> FrontDoors { get; private set; } = [];

    public IReadOnlyList<int> FrontDoorPorts { get; private set; } = [];

    public static async Task<FailoverCluster> StartAsync(CancellationToken cancellationToken)
    {
        var folder = new StandaloneOriginTests.TempFolder();
        var keys = StandaloneOriginTests.Keys.Write(folder.Path);
        var redis = await RedisServer.StartAsync();
        var camera = await GStreamerCamera.StartAsync(cancellationToken);
        var cluster = new FailoverCluster(folder, keys, redis, camera);
        try
        {
            await cluster.StartProcessesAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The index (0 or 1) of the origin that pulls the camera, from its own log line (event 3401).</summary>
    public async Task<int> PullingOriginAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulling = Enumerable.Range(0, Origins.Count).Where(i => !_killed.Contains(Origins[i]) && Pulled(Origins[i])).ToList();
            if (pulling.Count > 0)
            {
                Assert.Single(pulling);
                return pulling[0];
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="origin"/> logged that it pulls the camera.</summary>
    public static bool Pulled(SampleProcess origin) => CameraReady().IsMatch(origin.Output);

    public async Task KillOriginAsync(int index) => await KillAsync(Origins[index]);

    public async Task KillFrontDoorAsync(int index) => await KillAsync(FrontDoors[index]);

    /// <summary>A signed link to the camera through <c>127.0.0.1:<paramref name="port"/></c> (a front door, or what stands in front of them).</summary>
    public string SignedLink(int port, string scheme = "http", string suffix = "") =>
        SignedUrlSigner.CreateLink(
            new Uri($"{scheme}://127.0.0.1:{port}/{Camera}{suffix}"),
            new SignedPolicyClaims(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10)),
            null,
            Keys.LinkSecret,
            SignedUrlAlgorithm.HmacSha1,
            SignedUrlParameterNames.Default);

    /// <summary>The player page for the camera through <paramref name="port"/>, with a signed link.</summary>
    public string PlayerPage(int port) => $"http://127.0.0.1:{port}/play/{Camera}{new Uri(SignedLink(port, suffix: "/whep")).Query}";

    /// <summary>Every process's output, for failure messages.</summary>
    public string Diagnostics() =>
        string.Join('\n', _processes.Select((p, i) => $"--- process {i} ---\n{p.Output}\n{p.Error}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !_killed.Contains(p)))
        {
            await process.DisposeAsync();
        }

        await CameraServer.DisposeAsync();
        await Redis.DisposeAsync();
        _folder.Dispose();
    }

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        string[] shared =
        [
            "--OriginMap:Origins:0:Location=/demo", "--OriginMap:Origins:0:Scheme=rtsp",
            $"--OriginMap:Origins:0:Urls:0=127.0.0.1:{CameraServer.Port}", "--OriginMap:UnusedStreamDeletionTimeoutMs=1000",
            "--DemoCameras:Enabled=false", $"--Origin:TicketKey=file:{Keys.TicketKey}",
        ];

        var origins = new List<SampleProcess>();
        foreach (var name in new[] { "origin-a", "origin-b" })
        {
            origins.Add(Track(StandaloneOriginTests.StartVerb(_folder.Sub(name), "origin",
            [
                "--Listeners:Origin:Address=127.0.0.1", "--Listeners:Origin:Port=0",
                "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0", .. shared,
            ])));
        }

        Origins = origins;
        OriginPorts = [await StandaloneOriginTests.ListeningPortAsync(origins[0], "origin a", cancellationToken),
            await StandaloneOriginTests.ListeningPortAsync(origins[1], "origin b", cancellationToken)];

        var frontDoors = new List<SampleProcess>();
        foreach (var node in new[] { "fd-a", "fd-b" })
        {
            frontDoors.Add(Track(StandaloneOriginTests.StartVerb(_folder.Sub(node), "run",
            [
                "--Listeners:Http:Address=127.0.0.1", "--Listeners:Http:Port=0", "--Listeners:Https:Enabled=false",
                "--Listeners:Management:Enabled=false",
                $"--Origin:Destinations:0=http://127.0.0.1:{OriginPorts[0]}", $"--Origin:Destinations:1=http://127.0.0.1:{OriginPorts[1]}",
                $"--Cluster:Redis:Endpoints:0={Redis.Endpoint}", $"--Cluster:NodeId={node}",
                "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0",
                $"--Policy:Path={Keys.PolicyPath}", "--Policy:CreateMissingDevelopmentSecrets=false",
                $"--Management:AccessToken=file:{Keys.ManagementToken}", $"--Audit:CheckpointKey=file:{Keys.CheckpointKey}",
                $"--Audit:JournalPath={Path.Combine(_folder.Path, node, "audit", "audit.jsonl")}", .. shared,
            ])));
        }

        FrontDoors = frontDoors;
        FrontDoorPorts = [await StandaloneOriginTests.ListeningPortAsync(frontDoors[0], "front door a", cancellationToken),
            await StandaloneOriginTests.ListeningPortAsync(frontDoors[1], "front door b", cancellationToken)];
    }

    private SampleProcess Track(SampleProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task KillAsync(SampleProcess process)
    {
        Assert.True(_killed.Add(process), "killed twice");
        await process.DisposeAsync();
    }

    [GeneratedRegex(@"Camera demo/h264: source \d+ ready with")]
    private static partial Regex CameraReady();
}
