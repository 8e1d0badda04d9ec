using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Admitted sessions through the real front door: forwarded with a ticket, and ended exactly once
/// — with one closing webhook and one session.end record — however they end.
/// </summary>
public sealed class SessionLifecycleTests
{
    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");

    [Fact]
    public async Task WhepOffer_Admitted_ForwardsTicketAndDeleteSendsOneClosing()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);

        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hit = Assert.Single(gateway.Origin.Hits);
        Assert.True(hit.TicketAccepted);
        Assert.Equal("/app/cam1/whep", hit.Path);
        Assert.DoesNotContain("signature", hit.Query, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("op:alice", hit.Ticket!.Operator);
        Assert.Single(gateway.Webhook.Openings);

        var location = response.Headers.Location!.ToString();
        var delete = await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{location}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var closing = JsonDocument.Parse((await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook")).Body).RootElement;
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("whep_delete", end.GetProperty("end_reason").GetString());

        // The viewer's DELETE again (as when its close_notify ended the session first): the
        // session is known to have ended, so the refusal says so rather than "not found".
        var again = await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{location}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("session_ended", await ReasonAsync(again));
        var unknown = await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{location[..location.LastIndexOf('/')]}/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("session_not_found", await ReasonAsync(unknown));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(IsDenied("session_ended"))));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(IsDenied("session_not_found"))));
        // The two refused DELETEs sent nothing more.
        Assert.Single(gateway.Webhook.Closings);
        Assert.Single(SessionEnds(gateway));
        Assert.Equal("closing", closing.GetProperty("request").GetProperty("status").GetString());
        Assert.Equal(hit.Ticket.SessionId, closing.GetProperty("request").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task WebSocket_ViewerDropsWithoutClosing_EndsAsHangUpNotAsTheOrigin()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri(gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice")), CancellationToken.None);
        Assert.Contains("\"command\":\"offer\"", await ReceiveTextAsync(socket), StringComparison.Ordinal);

        // A tab killed or a network gone: no close handshake. The forwarder reports a client-side
        // error after the upgrade; the session is the viewer's hang-up, not the origin refusing.
        socket.Abort();
        socket.Dispose();

        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("hang_up", end.GetProperty("end_reason").GetString());
    }

    [Fact]
    public async Task WebSocket_Admitted_RelaysOriginAndHangUpClosesOnce()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri(gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice")), CancellationToken.None);
        var first = await ReceiveTextAsync(socket);
        Assert.Contains("\"command\":\"offer\"", first, StringComparison.Ordinal);
        Assert.Single(gateway.Sessions.All);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("hang_up", end.GetProperty("end_reason").GetString());
        Assert.Empty(gateway.Sessions.All);
    }

    [Fact]
    public async Task WebhookDenies_403AndNothingForwarded()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":false,\"reason\":\"closed site\"}");

        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("webhook_denied", await ReasonAsync(response));
        Assert.Equal("deny", (await ExactlyOnce.SingleAsync(gateway.Decisions, "access.decision record")).GetProperty("decision").GetString());
        Assert.Empty(gateway.Origin.Hits);
        Assert.Empty(gateway.Webhook.Closings);
    }

    [Fact]
    public async Task WebhookFails_503WithRetryAfter()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 500, "{}");

        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("webhook_unavailable", await ReasonAsync(response));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("http_status", (await ExactlyOnce.SingleAsync(gateway.Decisions, "access.decision record")).GetProperty("webhook_outcome").GetString());
        Assert.Empty(gateway.Origin.Hits);
    }

    [Fact]
    public async Task WebhookLifetime_EndsLiveSessionAndSendsClosing()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":true,\"lifetime\":1500}");
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri(gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice")), CancellationToken.None);
        await ReceiveTextAsync(socket);

        await AssertEndedByServerAsync(socket);
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("deadline", end.GetProperty("end_reason").GetString());
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
    }

    [Fact]
    public async Task StreamExpire_EndsLiveSession()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var socket = new ClientWebSocket();
        var link = gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice", streamExpire: DateTimeOffset.UtcNow.AddSeconds(2));

        await socket.ConnectAsync(new Uri(link), CancellationToken.None);
        await ReceiveTextAsync(socket);

        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("deadline", end.GetProperty("end_reason").GetString());
        Assert.Empty(gateway.Sessions.All);
    }

    [Fact]
    public async Task Kick_ThroughManagementApi_EndsSession()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sessionId = Assert.Single(gateway.Sessions.All).Id;
        var management = $"http://127.0.0.1:{gateway.ManagementPort}";

        var anonymous = await gateway.Client.DeleteAsync($"{management}/v1/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var kick = new HttpRequestMessage(HttpMethod.Delete, $"{management}/v1/sessions/{sessionId}");
        kick.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(gateway.ManagementToken)));
        var kicked = await gateway.Client.SendAsync(kick);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        var end = await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record");
        Assert.Equal("kicked", end.GetProperty("end_reason").GetString());
        await ExactlyOnce.SingleAsync(() => gateway.Webhook.Closings, "closing webhook");
    }

    [Fact]
    public async Task SessionCap_FourthSessionOfAlice_429()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            var ok = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var fourth = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal("session_limit", await ReasonAsync(fourth));
        Assert.Equal(3, gateway.Origin.AdmittedCount);
    }

    [Fact]
    public async Task PolicyReload_OperatorRemoved_LiveSessionRevokedAndNewRequestsRefused()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam2", suffix: "/whep", subject: "bob"), Offer());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        gateway.WritePolicy(sections => sections["operators"] = new object[] { new { id = "alice", cameras = new[] { "app/cam1" } } }, webhook: false);

        Assert.Equal("revoked", (await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record")).GetProperty("end_reason").GetString());
        var refused = await gateway.Client.PostAsync(gateway.SignedLink("app/cam2", suffix: "/whep", subject: "bob"), Offer());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "policy.reloaded");
    }

    [Fact]
    public async Task KeyRetired_LiveSessionsVerifiedByItEnd()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var keyFile = Path.Combine(Path.GetDirectoryName(gateway.PolicyPath)!, "link-key");

        // Rotate: the old key stays listed but retired, a new key takes over.
        File.WriteAllText(keyFile + "-new", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        gateway.WritePolicy(
            sections => sections["signedUrls"] = new
            {
                virtualHosts = new[]
                {
                    new
                    {
                        name = "default",
                        hosts = new[] { "*" },
                        keys = new object[]
                        {
                            new { id = GatewayUnderTest.LinkKeyId, secret = "file:" + keyFile, notAfter = DateTimeOffset.UtcNow.AddMinutes(-1) },
                            new { id = "k2", secret = "file:" + keyFile + "-new" },
                        },
                    },
                },
            },
            webhook: false);

        Assert.Equal("revoked", (await ExactlyOnce.SingleAsync(() => SessionEnds(gateway), "session.end record")).GetProperty("end_reason").GetString());
        Assert.Empty(gateway.Sessions.All);
    }

    [Fact]
    public async Task InvalidPolicyReload_KeepsRunningPolicy()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        await File.WriteAllTextAsync(gateway.PolicyPath, "{ \"version\": 1, \"operators\": [ { \"id\": \"x\", \"cameras\": [\"not a pattern\"] } ] }");

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.AuditRecords().Any(r =>
            r.GetProperty("type").GetString() == "policy.reloaded" && r.TryGetProperty("succeeded", out var s) && !s.GetBoolean())));
        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task WhepOptions_AnsweredByFrontDoorWithoutCredential()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Empty(gateway.Origin.Hits);
    }

    private static IEnumerable<JsonElement> SessionEnds(GatewayUnderTest gateway) =>
        gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end");

    internal static Func<JsonElement, bool> IsSessionEnd(string reason) => record =>
        record.GetProperty("type").GetString() == "session.end" && record.GetProperty("end_reason").GetString() == reason;

    private static Func<JsonElement, bool> IsDenied(string reason) => record =>
        record.GetProperty("type").GetString() == "access.decision"
        && record.GetProperty("decision").GetString() == "deny"
        && record.GetProperty("reason").GetString() == reason;

    internal static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString();
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>
    /// Reads until the server ends the WebSocket: a close frame, or the connection dropped. Fails
    /// when the socket is still open after 10 s; a timeout is never taken for an ending.
    /// </summary>
    private static async Task AssertEndedByServerAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (WebSocketException) when (!timeout.IsCancellationRequested)
        {
            // Dropped without a close frame: ended all the same.
            return;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail("the server did not end the WebSocket within 10 s");
        }

        Assert.True(socket.State is WebSocketState.CloseReceived or WebSocketState.Closed, $"the WebSocket is {socket.State}, not ended by the server");
    }
}
