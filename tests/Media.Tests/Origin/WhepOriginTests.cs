using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Frames;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>
/// The origin's WHEP side: nothing reaches a camera without a fresh, single-use ticket for exactly
/// that camera; refusals are precise; a refused offer gives its subscription back.
/// </summary>
public sealed class WhepOriginTests
{
    // A fresh 30 s bound at each use: one token for the whole class ran out while a loaded machine
    // (the whole suite in parallel) was still working through the class's tests.
#pragma warning disable CA2000 // Left to its timer: disposing would cancel the request it bounds.
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
#pragma warning restore CA2000

    [Theory]
    [InlineData(null, "ticket_missing")]
    [InlineData("not-a-ticket", "ticket_invalid")]
    public async Task Offer_WithoutValidTicket_401AndNoCameraContacted(string? ticket, string reason)
    {
        await using var origin = await OriginUnderTest.StartAsync();

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", ticket, "v=0\r\n"), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, reason);
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task Offer_TicketForAnotherCamera_401AndNoCameraContacted()
    {
        await using var origin = await OriginUnderTest.StartAsync();

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(new CameraPath("app", "cam2")), "v=0\r\n"), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "ticket_invalid");
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task Offer_TicketReplayed_SecondUse401()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var ticket = origin.Ticket();

        using var first = await origin.Client.SendAsync(Offer("/app/cam1/whep", ticket, "not sdp"), Timeout);
        using var second = await origin.Client.SendAsync(Offer("/app/cam1/whep", ticket, "not sdp"), Timeout);

        await AssertProblemAsync(first, HttpStatusCode.BadRequest, "malformed_sdp");
        await AssertProblemAsync(second, HttpStatusCode.Unauthorized, "ticket_invalid");
    }

    [Fact]
    public async Task Offer_UnknownCamera_404BeforeAnythingIsContacted()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var camera = new CameraPath("other", "cam1");

        using var response = await origin.Client.SendAsync(Offer("/other/cam1/whep", origin.Ticket(camera), "v=0\r\n"), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "camera_not_found");
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task Offer_WrongContentType_415()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        using var request = Offer("/app/cam1/whep", origin.Ticket(), "v=0\r\n");
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await origin.Client.SendAsync(request, Timeout);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task Offer_Oversized_413BeforeTheCameraIsContacted()
    {
        await using var origin = await OriginUnderTest.StartAsync();

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(), "v=0\r\n" + new string('a', 70 * 1024)), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "offer_too_large");
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task Offer_MalformedSdp_400BeforeTheCameraIsContacted()
    {
        await using var origin = await OriginUnderTest.StartAsync();

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(), "v=0\r\nm=video\r\n"), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed_sdp");
        Assert.Equal(0, origin.Cameras.Created);
        Assert.Equal(0, origin.Viewers.Count);
    }

    [Fact]
    public async Task Offer_AacOnlyCameraWithTranscodingOff_406TranscodingDisabled()
    {
        await using var origin = await OriginUnderTest.StartAsync(
            tracks: [new TrackDescription(0, TrackKind.Audio, MediaCodec.Aac, 48000, 2, [])],
            configure: s => s.Configure<TranscodingOptions>(o => o.Enabled = false));

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(), ChromiumOffers.Offer), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.NotAcceptable, "transcoding_disabled");
    }

    [Fact]
    public async Task Offer_Valid_201AnswerAndUnguessableLocation()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var sessionId = TicketIssuer.NewId();

        using var response = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(sessionId: sessionId), ChromiumOffers.Offer), Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType!.MediaType);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/app/cam1/whep/", location, StringComparison.Ordinal);
        Assert.InRange(location["/app/cam1/whep/".Length..].Length, 22, 64);
        var answer = await response.Content.ReadAsStringAsync(Timeout);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(answer), response.Content.Headers.ContentLength);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Equal(1, origin.Viewers.Count);
        Assert.Equal(sessionId, Assert.Single(origin.Viewers.All).SessionId);
    }

    [Fact]
    public async Task Delete_WithTheSessionsTicket_EndsItOnceAsWhepDelete()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var sessionId = TicketIssuer.NewId();
        using var created = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(sessionId: sessionId), ChromiumOffers.Offer), Timeout);
        var location = created.Headers.Location!.ToString();

        using var otherSession = await origin.Client.SendAsync(WithTicket(new HttpRequestMessage(HttpMethod.Delete, location), origin.Ticket()), Timeout);
        using var deleted = await origin.Client.SendAsync(WithTicket(new HttpRequestMessage(HttpMethod.Delete, location), origin.Ticket(sessionId: sessionId)), Timeout);
        using var again = await origin.Client.SendAsync(WithTicket(new HttpRequestMessage(HttpMethod.Delete, location), origin.Ticket(sessionId: sessionId)), Timeout);

        await AssertProblemAsync(otherSession, HttpStatusCode.NotFound, "session_not_found");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var end = await WaitForEndAsync(origin);
        Assert.Equal((sessionId, SessionEndReason.WhepDelete), (end.SessionId, end.Reason));
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "session_not_found");
        // Once: a second end (the DELETE and the session's own teardown both reporting) would
        // come within milliseconds of the first, so a moment after it there must still be one.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(origin.Ended.Ends);
    }

    [Fact]
    public async Task Patch_TrickleCandidatesAccepted_IceRestartRefused422()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var sessionId = TicketIssuer.NewId();
        using var created = await origin.Client.SendAsync(Offer("/app/cam1/whep", origin.Ticket(sessionId: sessionId), ChromiumOffers.Offer), Timeout);
        var location = created.Headers.Location!.ToString();

        using var trickle = await origin.Client.SendAsync(Patch(location, origin.Ticket(sessionId: sessionId),
            $"a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n"), Timeout);
        using var restart = await origin.Client.SendAsync(Patch(location, origin.Ticket(sessionId: sessionId),
            "a=ice-ufrag:newufrag1\r\na=ice-pwd:newpasswordnewpassword12\r\n"), Timeout);

        Assert.Equal(HttpStatusCode.NoContent, trickle.StatusCode);
        await AssertProblemAsync(restart, HttpStatusCode.UnprocessableEntity, "ice_restart_unsupported");
        Assert.Equal(1, origin.Viewers.Count);
    }

    [Theory]
    [InlineData("GET", "/app/cam1/whep")]
    [InlineData("POST", "/app/cam1/other")]
    [InlineData("POST", "/app")]
    [InlineData("DELETE", "/app/cam1/whep/short")]
    [InlineData("PUT", "/app/cam1/whep/AAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task UnknownRoutes_404WithoutTouchingACamera(string method, string path)
    {
        await using var origin = await OriginUnderTest.StartAsync();

        using var response = await origin.Client.SendAsync(WithTicket(new HttpRequestMessage(new HttpMethod(method), path), origin.Ticket()), Timeout);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, origin.Cameras.Created);
    }

    internal static async Task<ViewerSessionEnd> WaitForEndAsync(OriginUnderTest origin)
    {
        // Bounded by the test's token; the end is reported from the session's own teardown.
        while (origin.Ended.Ends.Count == 0)
        {
            await Task.Delay(20, Timeout);
        }

        return origin.Ended.Ends[0];
    }

    internal static HttpRequestMessage Offer(string path, string? ticket, string sdp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(sdp, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        return WithTicket(request, ticket);
    }

    private static HttpRequestMessage Patch(string path, string ticket, string fragment)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(fragment, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        return WithTicket(request, ticket);
    }

    private static HttpRequestMessage WithTicket(HttpRequestMessage request, string? ticket)
    {
        if (ticket is not null)
        {
            request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        }

        return request;
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Timeout);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(reason, body.RootElement.GetProperty("reason").GetString());
        // Sent with its length in one piece, not chunked (one send for the front door to relay).
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
    }
}
