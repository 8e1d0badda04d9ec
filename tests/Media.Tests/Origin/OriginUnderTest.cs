using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Cameras;
using SecureStream.Media.Frames;
using SecureStream.Media.Hosting;
using SecureStream.Media.Origin;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Streams;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>
/// The media origin alone on Kestrel (127.0.0.1:0), with the real registry, hub, WebRTC stack and
/// signalling, over fake cameras whose creation is counted, so a test can show that a refused
/// request contacted no camera. Tickets are minted with the shared key as the front door would.
/// </summary>
internal sealed class OriginUnderTest : IAsyncDisposable
{
    public static readonly CameraPath Camera = new("app", "cam1");

    private readonly WebApplication _app;
    private readonly string _directory;

    private OriginUnderTest(WebApplication app, string directory, TicketIssuer tickets, RecordingObserver ended)
    {
        _app = app;
        _directory = directory;
        Tickets = tickets;
        Ended = ended;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public TicketIssuer Tickets { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public FakeCameraSourceFactory Cameras => _app.Services.GetRequiredService<FakeCameraSourceFactory>();

    public OriginViewers Viewers => _app.Services.GetRequiredService<OriginViewers>();

    /// <summary>The origin's side of the session-end seam, as the front door sees it.</summary>
    public IViewerSessionEnds Ends => _app.Services.GetRequiredService<IViewerSessionEnds>();

    /// <summary>Every end the origin reported, observed as the front door would.</summary>
    public RecordingObserver Ended { get; }

    public static async Task<OriginUnderTest> StartAsync(IReadOnlyList<TrackDescription>? tracks = null, Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("securestream-origin-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/app",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
            ["OriginMap:Origins:0:Urls:0"] = "camera.example/app",
            ["CameraRegistry:StorePath"] = Path.Combine(directory, "cameras.json"),
            ["WebRtc:Ice:BindAddress"] = "127.0.0.1",
            ["WebRtc:Ice:AdvertisedAddresses:0"] = "127.0.0.1",
            ["WebRtc:Ice:Port"] = "0",
        });
        var key = TicketKey.CreateRandom();
        var cameras = new FakeCameraSourceFactory();
        if (tracks is not null)
        {
            cameras.Tracks = tracks;
        }

        var services = builder.Services;
        services.AddSingleton(key);
        services.AddSingleton(cameras);
        services.AddSingleton<ICameraSourceFactory>(cameras);
        services.AddStreamHub();
        services.AddCameraRegistry(builder.Configuration);
        services.AddOriginSignalling();
        configure?.Invoke(services);
        var app = builder.Build();
        var ended = new RecordingObserver();
        app.Services.GetRequiredService<IViewerSessionEnds>().Observe(ended);
        app.UseWebSockets();
        app.UseMediaOrigin();
        await app.StartAsync();
        return new OriginUnderTest(app, directory, new TicketIssuer(key, TimeProvider.System), ended);
    }

    public string Ticket(CameraPath? camera = null, string? sessionId = null, DateTimeOffset? sessionEnd = null, string forwardedQuery = "") =>
        Tickets.Issue(sessionId ?? TicketIssuer.NewId(), camera ?? Camera, "op:alice", sessionEnd, forwardedQuery);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>What the front door would be told: every viewer session end, in order.</summary>
    internal sealed class RecordingObserver : IViewerSessionObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<ViewerSessionEnd> _ends = new();

        public IReadOnlyList<ViewerSessionEnd> Ends => [.. _ends];

        public void SessionEnded(ViewerSessionEnd ended) => _ends.Enqueue(ended);
    }
}
