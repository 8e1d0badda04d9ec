using System.Globalization;
using Microsoft.AspNetCore.Http;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.RequestShape;
using SecureStream.Proxy.Sessions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>
/// The rendezvous choice of an origin per camera: spread, minimal movement when an origin goes,
/// agreement between front doors, and one origin for every request of one camera.
/// </summary>
public sealed class CameraRendezvousPolicyTests
{
    private static readonly string[] TwoOrigins = ["http://10.0.0.1:3380", "http://10.0.0.2:3380"];
    private static readonly string[] ThreeOrigins = ["http://10.0.0.1:3380", "http://10.0.0.2:3380", "http://10.0.0.3:3380"];

    [Fact]
    public void HundredCameras_OverTwoOrigins_SpreadWithinFifteenPercent()
    {
        var counts = CountPerOrigin(Cameras(100), Destinations(TwoOrigins));

        // The fair share is 50: each origin gets 50 ± 15 % of it (43–57).
        Assert.Equal(2, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 43, 57));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void ManyCameras_SpreadEvenlyOverAnyNumberOfOrigins(int origins)
    {
        var addresses = Enumerable.Range(1, origins).Select(i => $"http://origin-{i}.example:3380").ToArray();

        var counts = CountPerOrigin(Cameras(10000), Destinations(addresses));

        // Each origin's count is binomial around the fair share; ±5 % of it is several standard deviations.
        var fair = 10000.0 / origins;
        Assert.Equal(origins, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, fair * 0.95, fair * 1.05));
    }

    [Fact]
    public void LosingOneOfThreeOrigins_MovesOnlyItsCameras()
    {
        var all = Destinations(ThreeOrigins);
        var cameras = Cameras(300);
        var before = cameras.ToDictionary(c => c, c => Pick(c, all));
        var lost = all[1];
        var survivors = all.Where(d => d != lost).ToList();

        var after = cameras.ToDictionary(c => c, c => Pick(c, survivors));

        var moved = cameras.Where(c => before[c] != after[c]).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, c => Assert.Equal(lost.Model.Config.Address, before[c]));
        Assert.All(cameras.Where(c => before[c] == lost.Model.Config.Address), c => Assert.Contains(c, moved));
    }

    [Fact]
    public void AddingAFourthOrigin_MovesOnlyCamerasToIt_AboutAQuarter()
    {
        var three = Destinations(ThreeOrigins);
        var four = Destinations([.. ThreeOrigins, "http://10.0.0.4:3380"]);
        var cameras = Cameras(1000);

        var moved = cameras.Where(c => Pick(c, three) != Pick(c, four)).ToList();

        Assert.All(moved, c => Assert.Equal("http://10.0.0.4:3380", Pick(c, four)));
        Assert.InRange(moved.Count, 200, 300);
    }

    [Fact]
    public void TwoFrontDoors_ListingOriginsInAnyOrderAndSpelling_ChooseAlike()
    {
        // Two independently built policies and configurations, as two front doors have.
        var first = new CameraRendezvousPolicy();
        var second = new CameraRendezvousPolicy();
        var firstOrigins = Destinations(ThreeOrigins);
        var secondOrigins = Destinations(["HTTP://10.0.0.3:3380/", "http://10.0.0.1:3380/", "http://10.0.0.2:3380"]);

        foreach (var camera in Cameras(200))
        {
            var one = first.PickDestination(Request(camera), new ClusterState("origin"), firstOrigins);
            var other = second.PickDestination(Request(camera), new ClusterState("origin"), secondOrigins);
            Assert.Equal(one!.Model.Config.Address, other!.Model.Config.Address);
        }
    }

    [Fact]
    public void EveryRequestOfOneCamera_GoesToTheSameOrigin()
    {
        var policy = new CameraRendezvousPolicy();
        var origins = Destinations(ThreeOrigins);
        foreach (var camera in Cameras(50))
        {
            var path = "/" + camera;
            var requests = new[]
            {
                Request(camera, SignallingKind.WebSocket, path, string.Empty),
                Request(camera, SignallingKind.WhepOffer, path + "/whep", string.Empty, CameraRendition.Sub),
                Request(camera, SignallingKind.WhepOffer, path, "direction=whep&quality=low"),
                Request(camera, SignallingKind.WhepResource, path + "/whep/AAAAAAAAAAAAAAAAAAAAAAAA", string.Empty),
                Request(camera, SignallingKind.Snapshot, path + "/snapshot.jpg", "channel=2", CameraRendition.Sub),
            };

            var chosen = requests.Select(r => policy.PickDestination(r, new ClusterState("origin"), origins)!.Model.Config.Address).Distinct().ToList();

            Assert.Single(chosen);
        }
    }

    [Fact]
    public void WhepSession_StaysWithTheOriginOfItsOffer_WhileThatOriginIsUp()
    {
        var policy = new CameraRendezvousPolicy();
        var three = Destinations(ThreeOrigins);
        var four = Destinations([.. ThreeOrigins, "http://10.0.0.4:3380"]);
        var camera = Cameras(100).First(c => Pick(c, three) != Pick(c, four));
        var session = Session(camera, "/" + camera + "/whep");
        var resourcePath = "/" + camera + "/whep/AAAAAAAAAAAAAAAAAAAAAAAA";

        var offered = Address(policy.PickDestination(Request(session, SignallingKind.WhepOffer, "/" + camera + "/whep", string.Empty), new ClusterState("origin"), three));

        // A fourth origin came: the camera's choice moved, but this session's hang-up goes where it lives.
        Assert.Equal(offered, Address(policy.PickDestination(Request(session, SignallingKind.WhepResource, resourcePath, string.Empty), new ClusterState("origin"), four)));
        Assert.Equal("http://10.0.0.4:3380", Address(policy.PickDestination(Request(camera), new ClusterState("origin"), four)));

        // Its origin is down: the session went with it, and the request follows the camera's choice.
        var withoutOffered = four.Where(d => d.Model.Config.Address != offered).ToList();
        Assert.Equal(Pick(camera, withoutOffered), Address(policy.PickDestination(Request(session, SignallingKind.WhepResource, resourcePath, string.Empty), new ClusterState("origin"), withoutOffered)));
    }

    [Fact]
    public void NoAvailableOrigin_ChoosesNone()
    {
        Assert.Null(new CameraRendezvousPolicy().PickDestination(Request(new CameraPath("demo", "cam")), new ClusterState("origin"), []));
    }

    [Fact]
    public void RequestWithoutAdmission_IsNeverForwarded()
    {
        var policy = new CameraRendezvousPolicy();

        Assert.Throws<InvalidOperationException>(() => policy.PickDestination(new DefaultHttpContext(), new ClusterState("origin"), Destinations(TwoOrigins)));
    }

    [Fact]
    public void Score_IsAFixedFunctionOfCameraAndAddress()
    {
        // Front doors of different builds and processes must agree: the score is XxHash64 of
        // "app/stream\n<address>", never a per-process hash. Pinned so a change shows.
        var score = CameraRendezvousPolicy.Score(new CameraPath("demo", "cam"), "http://10.0.0.1:3380");

        Assert.Equal(System.IO.Hashing.XxHash64.HashToUInt64("demo/cam\nhttp://10.0.0.1:3380"u8), score);
        Assert.NotEqual(score, CameraRendezvousPolicy.Score(new CameraPath("demo", "cam"), "http://10.0.0.2:3380"));
    }

    [Theory]
    [InlineData("http://10.0.0.1:3380", "http://10.0.0.1:3380")]
    [InlineData("HTTP://Origin-A.Example:3380/", "http://origin-a.example:3380")]
    [InlineData("http://origin-a.example", "http://origin-a.example:80")]
    [InlineData("https://origin-a.example/", "https://origin-a.example:443")]
    [InlineData("http://[::1]:3380", "http://[::1]:3380")]
    public void OriginAddress_HasOneSpelling(string configured, string normal)
    {
        Assert.Equal(normal, OriginAddress.Normalise(configured));
    }

    private static List<CameraPath> Cameras(int count) =>
        Enumerable.Range(0, count).Select(i => new CameraPath("site", "cam-" + i.ToString("D4", CultureInfo.InvariantCulture))).ToList();

    private static List<DestinationState> Destinations(IEnumerable<string> configured) =>
        configured.Select(OriginAddress.Normalise)
            .Select(address => new DestinationState(address, new DestinationModel(new DestinationConfig { Address = address })))
            .ToList();

    private static string Pick(CameraPath camera, IReadOnlyList<DestinationState> destinations) =>
        CameraRendezvousPolicy.Pick(camera, destinations)!.Model.Config.Address;

    private static string Address(DestinationState? destination) => destination!.Model.Config.Address;

    private static Dictionary<string, int> CountPerOrigin(IEnumerable<CameraPath> cameras, IReadOnlyList<DestinationState> destinations) =>
        cameras.GroupBy(c => Pick(c, destinations)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static DefaultHttpContext Request(CameraPath camera) =>
        Request(camera, SignallingKind.WhepOffer, "/" + camera + "/whep", string.Empty);

    private static DefaultHttpContext Request(CameraPath camera, SignallingKind kind, string forwardPath, string forwardQuery, CameraRendition rendition = CameraRendition.Main) =>
        Request(Session(camera, forwardPath, rendition), kind, forwardPath, forwardQuery);

    private static DefaultHttpContext Request(AdmittedSession session, SignallingKind kind, string forwardPath, string forwardQuery)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new GateAdmission(session, kind, forwardPath, forwardQuery, "ticket"));
        return context;
    }

    private static AdmittedSession Session(CameraPath camera, string forwardPath, CameraRendition rendition = CameraRendition.Main) =>
        new()
        {
            Id = "s-" + camera.Stream,
            Camera = camera,
            OperatorKey = "anonymous",
            CredentialKind = AuditCredentialKind.SignedUrl.ToCode(),
            Protocol = AuditProtocol.Whep,
            ClientIp = "127.0.0.1",
            Url = "http://127.0.0.1" + forwardPath,
            StartedAt = DateTimeOffset.UtcNow,
            Rendition = rendition,
        };
}
