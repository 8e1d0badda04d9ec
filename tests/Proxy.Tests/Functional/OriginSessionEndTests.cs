using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// A playing session's end through the real chain (GStreamer camera, front door, embedded origin,
/// our WHEP viewer): the front door's decision is a request to the origin, and the session is
/// closed from the origin's report — one closing webhook, one <c>session.end</c> record with the
/// first cause and the origin's byte count.
/// </summary>
public sealed class OriginSessionEndTests
{
    [Fact]
    public async Task Kick_RacingTheOriginsOwnEnd_OneRecordWithTheOriginsCause()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera], webhook: true);
        await using var playing = await PlayAsync(gateway, timeout.Token);
        var session = Assert.Single(gateway.Sessions.All);

        // The origin decides first (as its camera going away would), and the administrator's kick
        // follows at once, while the origin is still tearing the session down (or just after).
        Assert.True(gateway.Services.GetRequiredService<IViewerSessionEnds>().RequestEnd(session.Id, SessionEndReason.CameraGone));
        using var kick = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id);

        Assert.Contains(kick.StatusCode, (HttpStatusCode[])[HttpStatusCode.OK, HttpStatusCode.NotFound]);
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("camera_gone", end.GetProperty("end_reason").GetString());
        Assert.True(end.GetProperty("bytes_sent").GetInt64() > 0, "the origin's byte count did not reach the record");
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
    }

    [Fact]
    public async Task Shutdown_WhilePlaying_OneShutdownRecordWithTheOriginsBytesAndOneClosing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync([camera], webhook: true);
        await using var playing = await PlayAsync(gateway, timeout.Token);

        await gateway.StopAsync();

        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("shutdown", end.GetProperty("end_reason").GetString());
        Assert.True(end.GetProperty("bytes_sent").GetInt64() > 0, "the origin's byte count did not reach the record");
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
    }

    private static IEnumerable<JsonElement> SessionEnds(GatewayUnderTest gateway) =>
        gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end");

    private static async Task<PlayingViewer> PlayAsync(GatewayUnderTest gateway, CancellationToken cancellationToken)
    {
        var http = new HttpClient();
        var viewer = new WebRtcViewer(new SecureStream.ViewerClient.WhepSignalling(http, new Uri(gateway.SignedLink("demo/h264", suffix: "/whep"))), new WebRtcViewerOptions { Audio = false });
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var playing = new PlayingViewer(http, stop, viewer.RunAsync(stop.Token));
        if (!await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000))
        {
            await playing.DisposeAsync();
            Assert.Fail("the viewer did not play");
        }

        return playing;
    }

    /// <summary>A viewer run, stopped and released with the test.</summary>
    private sealed class PlayingViewer(HttpClient http, CancellationTokenSource stop, Task<ViewerResult> run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
            http.Dispose();
        }
    }
}
