using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Streams;
using SecureStream.Media.Tests.WebRtc.Rtp;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>
/// The real parts on loopback and the real clock: an ICE endpoint on 127.0.0.1:0, the DTLS
/// factory with a fresh certificate, and a stream hub over a fake H.264 + PCMU camera.
/// </summary>
internal sealed class SessionFixture : IAsyncDisposable
{
    public static readonly CameraPath Camera = new("app", "cam1");

    public static readonly Uri Url = new("rtsp://camera.example/stream");

    private readonly TestMeterFactory _meters = new();

    public SessionFixture(WebRtcSessionOptions? options = null, ITrackTranscoders? transcoders = null)
    {
        Endpoint = new IceUdpEndpoint(
            Options.Create(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0, EnableTcp = false, AdvertisedAddresses = { "127.0.0.1" } }),
            TimeProvider.System,
            NullLogger<IceUdpEndpoint>.Instance);
        Endpoint.Start();
        var dtls = new DtlsSessionFactory(
            new DtlsCertificateStore(TimeProvider.System, NullLogger<DtlsCertificateStore>.Instance),
            Options.Create(new DtlsOptions()),
            TimeProvider.System,
            NullLogger<DtlsServerSession>.Instance);
        Cameras.Tracks = [SdpTestData.H264Video, SdpTestData.PcmuAudio];
        Hub = new StreamHub(Cameras, TimeProvider.System, new StreamHubMetrics(_meters), NullLoggerFactory.Instance);
        Metrics = new ViewerSessionMetrics(_meters);
        Sessions = new WebRtcSessionFactory(Endpoint, dtls, Packetizers, Options.Create(options ?? new WebRtcSessionOptions()),
            TimeProvider.System, NullLoggerFactory.Instance, transcoders: transcoders, sessionMetrics: Metrics);
    }

    /// <summary>The meters the hub and the sessions' instruments are made from (private to this fixture).</summary>
    public TestMeterFactory Meters => _meters;

    public ViewerSessionMetrics Metrics { get; }

    public IceUdpEndpoint Endpoint { get; }

    public FakeCameraSourceFactory Cameras { get; } = new();

    public StreamHub Hub { get; }

    public CameraTrackPacketizers Packetizers { get; } = new();

    public WebRtcSessionFactory Sessions { get; }

    public ValueTask<StreamSubscription> SubscribeAsync() =>
        Hub.SubscribeAsync(Camera, [Url], StreamSettings.Default, CancellationToken.None);

    /// <summary>Subscribes and makes a session from <paramref name="offer"/>, ending an hour from now.</summary>
    public async Task<WebRtcSession> CreateAsync(string offer, DateTimeOffset? deadline = null)
    {
        var subscription = await SubscribeAsync();
        var result = Sessions.Create("s-test", offer, subscription, deadline ?? DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(result.IsCreated, result.Reason);
        return result.Session;
    }

    /// <summary>Emits the H.264 fixture (60 frames, starting at an IDR) in a loop, 5 ms apart, until cancelled.</summary>
    public async Task EmitAsync(CancellationToken cancellationToken)
    {
        var source = Cameras.Current;
        var fixture = OutboundTestData.H264Frames(count: 60);
        for (var round = 0L; !cancellationToken.IsCancellationRequested; round++)
        {
            foreach (var frame in fixture)
            {
                source.Emit(frame with { Timestamp = frame.Timestamp + (round * fixture.Count * 3000L), ReceivedAt = DateTimeOffset.UtcNow });
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Endpoint.DisposeAsync();
        _meters.Dispose();
    }
}
