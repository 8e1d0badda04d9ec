using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The origin on its own (docs/architecture.md, "The origin's face"): an origin started with the
/// <c>origin</c> verb and a front door started with <c>run</c> and <c>Origin:Destinations</c>, each
/// its own process of the built executable sharing only a ticket key file, in front of a real
/// GStreamer camera. A viewer sent by the front door plays from the origin; the front door pulls
/// nothing and opens no media port; the origin serves nobody without a ticket.
/// </summary>
public sealed partial class StandaloneOriginTests
{
    [Fact]
    public async Task OriginVerbAndSeparateFrontDoor_ViewerPlaysFromTheOrigin_FrontDoorPullsNothing_OriginRefusesWithoutTicket()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var cluster = await ClusterUnderTest.StartAsync(
            new ClusterOptions
            {
                FrontDoors = 1,
                Origins = 1,
                SharedState = false,
                CameraSettings = ClusterUnderTest.CameraSettingsFor(camera),
            },
            timeout.Token);
        var origin = cluster.Origins[0];
        var frontDoor = cluster.FrontDoors[0];
        var originPort = origin.Port;

        // A viewer sent by the front door (a signed link to it) plays decodable video from the origin.
        var link = cluster.SignedLink(frontDoor, "demo/h264/whep");
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, link), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe, timeoutMs: 60_000), "no keyframe arrived\n" + cluster.Describe());
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 300, timeoutMs: 60_000), "the stream stalled\n" + cluster.Describe());
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal((320, 240), result.PictureSize);
        Assert.Equal(0, result.BadNalUnits);
        Assert.Equal(0, result.SrtpFailures);

        // One pull, the origin's: the front door neither pulled the camera nor opened a media port.
        Assert.Equal(1, camera.Connections);
        Assert.Contains("ICE port listening on 127.0.0.1:", origin.Output, StringComparison.Ordinal);
        Assert.Contains("Origin running alone: signalling on 127.0.0.1:" + originPort, origin.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ICE port listening on", frontDoor.Output, StringComparison.Ordinal);
        Assert.Contains("Front door only: Origin:Destinations lists 1 origin(s)", frontDoor.Output, StringComparison.Ordinal);
        // The admission was the front door's: its journal holds the decision; the origin keeps none.
        var decision = Assert.Single(ClusterUnderTest.AuditRecords(frontDoor), r => r.GetProperty("type").GetString() == "access.decision");
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Empty(Directory.EnumerateFiles(origin.Folder, "*.jsonl", SearchOption.AllDirectories));

        // The session ends at the origin, which logs it (no front door in its process to tell).
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => SessionEndedAtOrigin().IsMatch(origin.Output), timeoutMs: 30_000),
            "the origin did not log the session's end\n" + origin.Output);
        await camera.WaitForClientsAsync(0, timeout.Token);

        // The origin serves nobody the front door did not send: no ticket, or one it did not sign.
        var noTicket = await OfferToOriginAsync(http, originPort, ticket: null, timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_missing"), noTicket);
        var forged = new TicketIssuer(TicketKey.CreateRandom(), TimeProvider.System)
            .Issue(TicketIssuer.NewId(), new CameraPath("demo", "h264"), "anonymous", null, string.Empty);
        var wrongKey = await OfferToOriginAsync(http, originPort, forged, timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_invalid"), wrongKey);
        Assert.Equal(1, camera.Connections);
    }

    /// <summary>A WHEP offer straight to the origin's signalling listener, as only a front door should send one.</summary>
    private static async Task<(HttpStatusCode Status, string? Reason)> OfferToOriginAsync(
        HttpClient http, int originPort, string? ticket, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{originPort}/demo/h264/whep"))
        {
            Content = new StringContent("v=0\r\n", Encoding.ASCII, "application/sdp"),
        };
        if (ticket is not null)
        {
            request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        return (response.StatusCode, body.GetProperty("reason").GetString());
    }

    [GeneratedRegex(@"Viewer session \S+ on demo/h264 ended at this origin: \w+, [1-9]\d* octets sent")]
    private static partial Regex SessionEndedAtOrigin();
}
