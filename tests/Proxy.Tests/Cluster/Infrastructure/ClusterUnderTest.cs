using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureStream.Media.Tests.Cameras;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Infrastructure;

/// <summary>What <see cref="ClusterUnderTest.StartAsync"/> starts.</summary>
internal sealed class ClusterOptions
{
    /// <summary>Front doors (<c>run</c> with <c>Origin:Destinations</c> = every origin), named <c>fd-a</c>, <c>fd-b</c>, …</summary>
    public int FrontDoors { get; init; } = 2;

    /// <summary>Origins (the <c>origin</c> verb), named <c>origin-a</c>, <c>origin-b</c>, …; <see cref="OriginEndpoints"/>, when set, counts instead.</summary>
    public int Origins { get; init; } = 2;

    /// <summary>
    /// Fixed loopback endpoints (<c>127.0.77.1:17001</c>) for the origins instead of 127.0.0.1 and a
    /// port of their own choosing; when set, there is one origin per endpoint. The rendezvous choice
    /// hashes each origin's address, so only fixed addresses give the same camera-to-origin choice on
    /// every run.
    /// </summary>
    public IReadOnlyList<string>? OriginEndpoints { get; init; }

    /// <summary>Whether a redis-server is started and every node given <c>Cluster:Redis:Endpoints</c> (cluster mode); false runs each node alone.</summary>
    public bool SharedState { get; init; } = true;

    /// <summary>The camera configuration every node gets alike (<c>--OriginMap:…</c> settings, as on a command line).</summary>
    public IReadOnlyList<string> CameraSettings { get; init; } = [];

    /// <summary>Changes the shared policy.json before it is written (operators, limits).</summary>
    public Action<JsonObject>? Policy { get; init; }

    /// <summary>More settings for every front door (<c>--Key=value</c>).</summary>
    public IReadOnlyList<string> FrontDoorSettings { get; init; } = [];

    /// <summary>More settings for every origin (<c>--Key=value</c>).</summary>
    public IReadOnlyList<string> OriginSettings { get; init; } = [];
}

/// <summary>
/// A cluster of real processes on loopback, as docs/cluster.md describes one: a redis-server, origins
/// started with the <c>origin</c> verb and front doors started with <c>run</c>, each process the built
/// executable in a folder of its own, listening on 127.0.0.1 ports it chose itself.
/// </summary>
/// <remarks>
/// Every node shares the ticket key, the camera configuration and the <c>Cluster:Redis</c> settings;
/// every front door shares policy.json, the management token and the checkpoint key, and keeps its
/// own journal (<see cref="ClusterNode.JournalPath"/>) under its own <c>Cluster:NodeId</c>.
/// Origins start first (the front doors list their ports in <c>Origin:Destinations</c>), and a
/// restarted node binds its old ports again. Any single node or the redis-server can be stopped,
/// killed and restarted. Put <see cref="Describe"/> into every assertion message: it is every
/// process's output. Disposing kills every process and deletes the folder.
/// <code>
/// await using var cluster = await ClusterUnderTest.StartAsync(new ClusterOptions { CameraSettings = [...] }, timeout.Token);
/// var link = cluster.SignedLink(cluster.FrontDoors[0], "demo/h264/whep");
/// await cluster.Origins[1].KillAsync();
/// Assert.True(..., "what went wrong\n" + cluster.Describe());
/// </code>
/// </remarks>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    /// <summary>Shared-state commands get this long (<c>Cluster:Redis:OperationTimeoutMs</c>): a slow answer on a loaded 2-core machine must not read as an outage.</summary>
    public const int RedisOperationTimeoutMs = 5000;

    private readonly string _folder;
    private readonly List<ClusterNode> _origins = [];
    private readonly List<ClusterNode> _frontDoors = [];

    private ClusterUnderTest(string folder, SharedKeys keys, RedisServer? redis)
    {
        _folder = folder;
        Keys = keys;
        Redis = redis;
    }

    /// <summary>The redis-server (null without shared state): <see cref="RedisServer.KillAsync"/> for an outage, <see cref="RedisServer.RestartAsync"/> to bring it back empty.</summary>
    public RedisServer? Redis { get; }

    /// <summary>The shared secrets and policy, as files.</summary>
    internal SharedKeys Keys { get; }

    public IReadOnlyList<ClusterNode> FrontDoors => _frontDoors;

    public IReadOnlyList<ClusterNode> Origins => _origins;

    /// <summary>The cluster's folder (each node's working folder is a sub-folder named after it).</summary>
    public string Folder => _folder;

    public static async Task<ClusterUnderTest> StartAsync(ClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateTempSubdirectory("securestream-cluster-").FullName;
        var redis = options.SharedState ? await RedisServer.StartAsync() : null;
        var cluster = new ClusterUnderTest(folder, SharedKeys.Write(folder, options.Policy), redis);
        try
        {
            var endpoints = options.OriginEndpoints ?? Enumerable.Repeat("127.0.0.1:0", options.Origins).ToArray();
            for (var i = 0; i < endpoints.Count; i++)
            {
                var origin = cluster.AddOrigin("origin-" + Letter(i), endpoints[i], options);
                await origin.StartAsync(cancellationToken);
            }

            for (var i = 0; i < options.FrontDoors; i++)
            {
                var frontDoor = cluster.AddFrontDoor("fd-" + Letter(i), options);
                await frontDoor.StartAsync(cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A signed link (the anonymous kind OME's players use) to <paramref name="pathAndQuery"/> on
    /// <paramref name="frontDoor"/>, e.g. <c>demo/h264/whep</c>; <paramref name="subject"/> makes it
    /// an operator's, <paramref name="linkId"/> gives it the id <c>links.maxUsesPerLinkId</c> counts.
    /// </summary>
    public Uri SignedLink(ClusterNode frontDoor, string pathAndQuery, string? subject = null, string? linkId = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(frontDoor);
        return SignedLink(frontDoor.BaseUri, pathAndQuery, subject, linkId, lifetime);
    }

    /// <summary>The same, for <paramref name="baseUri"/> (scheme, host and port the viewer uses: a front door, or a proxy in front of them).</summary>
    public Uri SignedLink(Uri baseUri, string pathAndQuery, string? subject = null, string? linkId = null, TimeSpan? lifetime = null)
    {
        var link = SignedUrlSigner.CreateLink(
            new Uri(baseUri, pathAndQuery),
            new SignedPolicyClaims(DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(10))) { Subject = subject, LinkId = linkId },
            null,
            Keys.LinkSecret,
            SignedUrlAlgorithm.HmacSha1,
            SignedUrlParameterNames.Default);
        return new Uri(link);
    }

    /// <summary>
    /// The origin map settings for cameras <c>{app}/{mount}</c> pulled from <paramref name="camera"/>'s
    /// mounts (<c>demo/h264</c> pulls its <c>/h264</c>), for <see cref="ClusterOptions.CameraSettings"/>.
    /// An unused camera is let go after a second, so a test sees pulls start and end quickly.
    /// </summary>
    public static string[] CameraSettingsFor(GStreamerCamera camera, string app = "demo")
    {
        ArgumentNullException.ThrowIfNull(camera);
        return
        [
            $"--OriginMap:Origins:0:Location=/{app}", "--OriginMap:Origins:0:Scheme=rtsp",
            $"--OriginMap:Origins:0:Urls:0=127.0.0.1:{camera.Port}", "--OriginMap:UnusedStreamDeletionTimeoutMs=1000",
        ];
    }

    /// <summary>
    /// One WHEP offer (Chromium's, without ICE behind it) to a signed link: the status, the reason
    /// code of a refusal, and the session's resource on the front door when it was admitted
    /// (<see cref="HangUpAsync"/> ends it). Cheaper than a playing viewer when only the admission
    /// or the origin's pull is under test.
    /// </summary>
    public static async Task<WhepOffer> OfferAsync(HttpClient http, Uri link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var content = new StringContent(ChromiumOffers.Offer, Encoding.ASCII, "application/sdp");
        using var response = await http.PostAsync(link, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var resource = response.Headers.Location is { } location ? new Uri(link, location) : null;
        return new WhepOffer(response.StatusCode, response.IsSuccessStatusCode ? null : GateProbe.ReasonOf(body), resource, body);
    }

    /// <summary>Ends an admitted WHEP session as a player hanging up does (DELETE on its resource).</summary>
    public static async Task HangUpAsync(HttpClient http, WhepOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(offer);
        Assert.NotNull(offer.Resource);
        using var response = await http.DeleteAsync(offer.Resource, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A front door's audit records, oldest first (empty before its first record).</summary>
    public static IReadOnlyList<JsonElement> AuditRecords(ClusterNode frontDoor)
    {
        ArgumentNullException.ThrowIfNull(frontDoor);
        if (frontDoor.JournalPath is null || !File.Exists(frontDoor.JournalPath))
        {
            return [];
        }

        using var stream = new FileStream(frontDoor.JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>Every process's output, for an assertion message.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var node in _origins.Concat(_frontDoors))
        {
            text.Append(node).Append('\n');
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _frontDoors.Concat(_origins))
        {
            await node.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    private static string Letter(int index) => ((char)('a' + index)).ToString();

    private ClusterNode AddOrigin(string name, string endpoint, ClusterOptions options)
    {
        var address = endpoint[..endpoint.LastIndexOf(':')];
        var fixedPort = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var node = new ClusterNode(name, ClusterRole.Origin, address, fixedPort, Directory.CreateDirectory(Path.Combine(_folder, name)).FullName, null, (port, _) =>
        [
            $"--Listeners:Origin:Address={address}", $"--Listeners:Origin:Port={port}",
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1", "--WebRtc:Ice:Port=0",
            // The origin's management listener (probes and metrics) would bind the default port;
            // a test that wants it enables it in OriginSettings.
            "--Listeners:Management:Enabled=false",
            .. CommonSettings(name, options), .. options.OriginSettings,
        ]);
        _origins.Add(node);
        return node;
    }

    private ClusterNode AddFrontDoor(string name, ClusterOptions options)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var journal = Path.Combine(folder, "audit", "audit.jsonl");
        var destinations = _origins.Select((origin, i) => $"--Origin:Destinations:{i}={origin.BaseUri.GetLeftPart(UriPartial.Authority)}").ToArray();
        var node = new ClusterNode(name, ClusterRole.FrontDoor, "127.0.0.1", 0, folder, journal, (port, managementPort) =>
        [
            "--Listeners:Http:Address=127.0.0.1", $"--Listeners:Http:Port={port}", "--Listeners:Https:Enabled=false",
            "--Listeners:Management:Address=127.0.0.1", $"--Listeners:Management:Port={managementPort}",
            .. destinations,
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1", "--WebRtc:Ice:Port=0",
            $"--Policy:Path={Keys.PolicyPath}", "--Policy:CreateMissingDevelopmentSecrets=false",
            $"--Management:AccessToken=file:{Keys.ManagementToken}", $"--Audit:CheckpointKey=file:{Keys.CheckpointKey}",
            $"--Audit:JournalPath={journal}",
            .. CommonSettings(name, options), .. options.FrontDoorSettings,
        ]);
        _frontDoors.Add(node);
        return node;
    }

    /// <summary>What every node shares: the camera configuration, the ticket key, its node id and Redis.</summary>
    private string[] CommonSettings(string name, ClusterOptions options) =>
    [
        .. options.CameraSettings, "--DemoCameras:Enabled=false", $"--Origin:TicketKey=file:{Keys.TicketKey}", $"--Cluster:NodeId={name}",
        .. Redis is null ? Array.Empty<string>() :
        [
            $"--Cluster:Redis:Endpoints:0={Redis.Endpoint}", $"--Cluster:Redis:OperationTimeoutMs={RedisOperationTimeoutMs}",
        ],
    ];
}

/// <summary>The answer to a WHEP offer through a front door (<see cref="ClusterUnderTest.OfferAsync"/>).</summary>
internal sealed record WhepOffer(HttpStatusCode Status, string? Reason, Uri? Resource, string Body);
