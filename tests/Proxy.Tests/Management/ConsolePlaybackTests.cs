using System.Net;
using System.Text.Json;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// A link minted through the management API plays through the real chain (GStreamer camera, front
/// door, embedded origin, our WHEP viewer), and the console's camera and session lists show the
/// playing viewer.
/// </summary>
public sealed class ConsolePlaybackTests
{
    [Fact]
    public async Task MintedSignedLink_Plays_AndTheConsoleListsThePulledCameraAndTheSession()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync(
            [camera],
            policySections: p => p["operators"] = new object[] { new { id = "dave", cameras = new[] { "demo/*" } } });

        using var mint = gateway.ManagementRequest(HttpMethod.Post, "/v1/console/links", """{"camera":"demo/h264","operator":"dave","kind":"signed","lifetimeSeconds":300}""");
        using var minted = await gateway.Client.SendAsync(mint, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var page = JsonDocument.Parse(await minted.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("response").GetProperty("url").GetString()!;

        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(ConsoleApiTests.WhepUrlOf(page))), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        try
        {
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 100, timeoutMs: 60_000), "the minted link did not play");
            var session = Assert.Single(gateway.Sessions.All);
            Assert.Contains("dave", session.OperatorKey, StringComparison.Ordinal);

            using var cameras = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/console/cameras");
            var listed = JsonDocument.Parse(await cameras.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("response").EnumerateArray()
                .Single(c => c.GetProperty("camera").GetString() == "demo/h264");
            Assert.Equal("pulling", listed.GetProperty("state").GetString());
            Assert.Equal(1, listed.GetProperty("viewers").GetInt32());
            Assert.Equal("source 1 of 1", listed.GetProperty("source").GetString());
            Assert.True(listed.GetProperty("bitrateBps").GetInt64() >= 0);
            Assert.DoesNotContain("rtsp", listed.GetRawText(), StringComparison.Ordinal);

            using var sessions = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/sessions");
            var view = Assert.Single(JsonDocument.Parse(await sessions.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("response").EnumerateArray());
            Assert.Equal(session.Id, view.GetProperty("id").GetString());
            Assert.True(view.GetProperty("durationSeconds").GetDouble() > 0);

            // The origin's figures arrive once IViewerSessionStatistics is registered; until then null.
            Assert.Contains(view.GetProperty("octetsSent").ValueKind, (JsonValueKind[])[JsonValueKind.Number, JsonValueKind.Null]);
            Assert.Contains(view.GetProperty("icePath").ValueKind, (JsonValueKind[])[JsonValueKind.String, JsonValueKind.Null]);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
