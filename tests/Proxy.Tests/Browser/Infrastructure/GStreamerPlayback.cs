using Microsoft.Playwright;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// A real GStreamer camera (every mount of clients/GStreamerCamera/gst_rtsp_camera.py) behind a gateway
/// (<see cref="GStreamerGateway"/>: mount <c>/x</c> is camera <c>demo/x</c>) and a fresh browser
/// context: what a codec playback test needs before it opens a player. Disposed in reverse.
/// </summary>
internal sealed class GStreamerPlayback : IAsyncDisposable
{
    private GStreamerPlayback(GStreamerCamera camera, GatewayUnderTest gateway, IBrowserContext context)
    {
        Camera = camera;
        Gateway = gateway;
        Context = context;
    }

    public GStreamerCamera Camera { get; }

    public GatewayUnderTest Gateway { get; }

    public IBrowserContext Context { get; }

    public static async Task<GStreamerPlayback> StartAsync(ChromiumFixture chromium)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var camera = await GStreamerCamera.StartAsync(timeout.Token);
        GatewayUnderTest? gateway = null;
        try
        {
            gateway = await GStreamerGateway.StartAsync([camera]);
            return new GStreamerPlayback(camera, gateway, await chromium.NewContextAsync());
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await camera.DisposeAsync();
            throw;
        }
    }

    /// <summary>Our player page for the camera's mount <paramref name="stream"/> (<c>h264-aac</c>, <c>av</c>), on a signed link.</summary>
    public Task<IPage> OpenPlayerAsync(string stream)
    {
        var query = new Uri(Gateway.SignedLink("demo/" + stream, suffix: "/whep")).Query;
        return BrowserPages.OpenAsync(Context, $"http://127.0.0.1:{Gateway.HttpPort}/play/demo/{stream}{query}");
    }

    public Task<IPage> OpenPlayerAsync(GStreamerFeed feed) => OpenPlayerAsync(feed.StreamName());

    /// <summary>The unmodified OvenPlayer on the OME WebSocket signalling for the camera's mount <paramref name="stream"/>.</summary>
    public Task<OvenPlayerPage> OpenOvenPlayerAsync(string stream) =>
        OvenPlayerPage.OpenAsync(Context, Gateway.SignedLink("demo/" + stream, scheme: "ws"));

    public Task<OvenPlayerPage> OpenOvenPlayerAsync(GStreamerFeed feed) => OpenOvenPlayerAsync(feed.StreamName());

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Gateway.DisposeAsync();
        await Camera.DisposeAsync();
    }
}
