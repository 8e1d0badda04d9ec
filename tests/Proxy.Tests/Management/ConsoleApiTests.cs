using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// The operator console's management routes through the real gateway (front door, gate, audit
/// journal, recording origin): sessions with their figures, cameras, recent denials, the audit
/// search and link minting — each refused without the token, each refusing bad input with a
/// reason, each list bounded, and nothing ever carrying a camera credential.
/// </summary>
public sealed class ConsoleApiTests
{
    private const string Password = "console-camera-password";

    public static TheoryData<string, string> ConsoleRoutes => new()
    {
        { "GET", "/v1/sessions" },
        { "DELETE", "/v1/sessions/any" },
        { "GET", "/v1/console/cameras" },
        { "GET", "/v1/console/denials" },
        { "GET", "/v1/audit/search" },
        { "POST", "/v1/console/links" },
    };

    public static TheoryData<string, string> BadLinkRequests => new()
    {
        { """{"camera":"app/nope","operator":"alice","kind":"signed","lifetimeSeconds":60}""", "unknown_camera" },
        { """{"camera":"not-a-path","operator":"alice","kind":"signed","lifetimeSeconds":60}""", "unknown_camera" },
        { """{"camera":"app/cam1","operator":"mallory","kind":"signed","lifetimeSeconds":60}""", "unknown_operator" },
        { """{"camera":"app/cam2","operator":"alice","kind":"signed","lifetimeSeconds":60}""", "not_entitled" },
        { """{"camera":"app/cam1","operator":"alice","kind":"cookie","lifetimeSeconds":60}""", "kind must be" },
        { """{"camera":"app/cam1","operator":"alice","kind":"signed","lifetimeSeconds":0}""", "lifetimeSeconds must be 1 to 86400" },
        { """{"camera":"app/cam1","operator":"alice","kind":"token","lifetimeSeconds":86401}""", "lifetimeSeconds must be 1 to 86400" },
        { """{"camera":"app/cam1","operator":"alice","kind":"signed","lifetimeSeconds":60,"rendition":"hd"}""", "rendition_unknown" },
        { """{"camera":"app/cam1","operator":"alice","kind":"signed","lifetimeSeconds":60,"extra":1}""", "not a valid link request" },
        { """{"camera":"app/cam1","operator":"alice","kind":"signed"}""", "not a valid link request" },
        { "not json", "not a valid link request" },
    };

    public static TheoryData<string, string> BadSearches => new()
    {
        { "?limit=0", "limit must be" },
        { "?limit=1001", "limit must be" },
        { "?limit=ten", "limit must be" },
        { "?from=yesterday", "from and to must be" },
        { "?to=2026-12-07T10:00:00", "from and to must be" },
        { "?camera=nopath", "camera must be app/stream" },
        { "?who=alice", "the query takes" },
        { "?operator=a&operator=b", "the query takes" },
    };

    [Theory]
    [MemberData(nameof(ConsoleRoutes))]
    public async Task Route_WithoutToken_401WithChallenge(string method, string path)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{gateway.ManagementPort}{path}");
        if (method == "POST")
        {
            request.Content = new StringContent("""{"camera":"app/cam1","operator":"alice","kind":"signed","lifetimeSeconds":60}""", Encoding.UTF8, "application/json");
        }

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "link.minted");
    }

    [Fact]
    public async Task Sessions_AdmittedViewer_ListedWithDurationAndFigureFields()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Task.Delay(TimeSpan.FromMilliseconds(1100));

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/sessions");

        Assert.Equal(HttpStatusCode.OK, status);
        var session = Assert.Single(body.GetProperty("response").EnumerateArray());
        Assert.Equal("app/cam1", session.GetProperty("camera").GetString());
        Assert.True(session.GetProperty("durationSeconds").GetDouble() >= 1, "durationSeconds is now − startedAt");

        // This gateway forwards to a recording origin, not an embedded one: the origin's figures are not here.
        Assert.Equal(JsonValueKind.Null, session.GetProperty("octetsSent").ValueKind);
        Assert.Equal(JsonValueKind.Null, session.GetProperty("icePath").ValueKind);
    }

    [Fact]
    public async Task Kick_ByNamedAdministrator_OneKickedRecordNamingThem()
    {
        var tokenFile = Path.GetTempFileName();
        var carolToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(tokenFile, carolToken);
        try
        {
            await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Management:Administrators:0:Name"] = "carol",
                ["Management:Administrators:0:AccessToken"] = "file:" + tokenFile,
            });
            using var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var session = Assert.Single(gateway.Sessions.All);

            using var kick = new HttpRequestMessage(HttpMethod.Delete, $"http://127.0.0.1:{gateway.ManagementPort}/v1/sessions/{session.Id}");
            kick.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(carolToken)));
            using var kicked = await gateway.Client.SendAsync(kick);

            Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
            var record = await ExactlyOnce.SingleAsync(
                () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.kicked"), "session.kicked record");
            Assert.Equal("carol", record.GetProperty("operator").GetString());
            Assert.Equal(session.Id, record.GetProperty("session_id").GetString());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task Cameras_RegisteredAndConfigured_ListedIdleWithoutUrlsOrCredentials()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/yard/gate",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
            ["OriginMap:Origins:0:Urls:0"] = $"viewer:{Password}@10.0.0.7/gate",
        });
        var register = $$"""{"name":"door","urls":["rtsp://admin:{{Password}}@10.0.0.5:554/one","rtsp://10.0.0.6/two"]}""";
        var (createdStatus, _) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", register);
        Assert.Equal(HttpStatusCode.Created, createdStatus);

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/console/cameras");

        Assert.Equal(HttpStatusCode.OK, status);
        var cameras = body.GetProperty("response").EnumerateArray().ToDictionary(c => c.GetProperty("camera").GetString()!);
        var door = cameras["site/door"];
        Assert.Equal("idle", door.GetProperty("state").GetString());
        Assert.Equal(0, door.GetProperty("viewers").GetInt32());
        Assert.Equal(JsonValueKind.Null, door.GetProperty("bitrateBps").ValueKind);
        Assert.Equal(JsonValueKind.Null, door.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, door.GetProperty("lastErrorAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, door.GetProperty("source").ValueKind);
        Assert.Equal("idle", cameras["yard/gate"].GetProperty("state").GetString());
        Assert.DoesNotContain("rtsp", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denials_ForgedLinks_CountedByReasonAndRecentBoundedNewestFirst()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?> { ["Gate:RequestsPerSecond"] = "0" });
        const int Forged = 60;
        for (var i = 0; i < Forged; i++)
        {
            var link = gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
            using var refused = await gateway.Client.PostAsync(link[..^4] + (link[^4] == 'A' ? "BBBB" : "AAAA"), Offer());
            Assert.NotEqual(HttpStatusCode.Created, refused.StatusCode);
        }

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/console/denials?minutes=5");

        Assert.Equal(HttpStatusCode.OK, status);
        var view = body.GetProperty("response");
        var counted = view.GetProperty("byReason").EnumerateArray().Sum(r => r.GetProperty("count").GetInt64());
        Assert.Equal(Forged, counted);
        Assert.All(view.GetProperty("byReason").EnumerateArray(), r => Assert.StartsWith("signature_", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
        var recent = view.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(50, recent.Count);
        var times = recent.Select(r => r.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.All(recent, r =>
        {
            Assert.Equal("app/cam1", r.GetProperty("camera").GetString());
            Assert.Equal("127.0.0.1", r.GetProperty("clientIp").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("traceId").GetString()));
        });
        Assert.DoesNotContain("signature=", body.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?minutes=0")]
    [InlineData("?minutes=1441")]
    [InlineData("?minutes=an-hour")]
    [InlineData("?minutes=5&minutes=6")]
    public async Task Denials_BadMinutes_400WithReason(string query)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/console/denials" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("minutes must be a whole number from 1 to 1440", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditSearch_ByOperatorAndLimit_NewestFirstWithAVerifiedChain()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var bob = await gateway.Client.PostAsync(gateway.SignedLink("app/cam2", suffix: "/whep", subject: "bob"), Offer());
        Assert.Equal(HttpStatusCode.Created, bob.StatusCode);

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/audit/search?operator=alice&camera=app/cam1&limit=4");

        Assert.Equal(HttpStatusCode.OK, status);
        var chain = body.GetProperty("response").GetProperty("chain");
        Assert.True(chain.GetProperty("verified").GetBoolean(), chain.GetProperty("problem").ToString());
        Assert.True(chain.GetProperty("records").GetInt64() >= 6);
        Assert.Equal(JsonValueKind.Null, chain.GetProperty("problem").ValueKind);
        var records = body.GetProperty("response").GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(4, records.Count);
        Assert.All(records, r =>
        {
            Assert.Contains(r.GetProperty("operator").GetString(), (string[])["alice", "op:alice"]);
            Assert.Equal("cam1", r.GetProperty("camera").GetString());
        });
        var seqs = records.Select(r => r.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.OrderByDescending(s => s), seqs);

        var (_, window) = await SendAsync(gateway, HttpMethod.Get, "/v1/audit/search?operator=alice&to=2000-01-01T00:00:00Z");
        Assert.Empty(window.GetProperty("response").GetProperty("records").EnumerateArray());
    }

    [Fact]
    public async Task AuditSearch_AlteredRecord_ChainNotVerifiedWithTheProblem()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using (var created = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // One byte of a written record changed in place (same length, as an editor would leave it).
        var bytes = await File.ReadAllBytesAsync(gateway.JournalPath);
        var at = bytes.AsSpan().IndexOf("alice\""u8);
        Assert.True(at >= 0, "no record of alice to alter");
        await using (var journal = new FileStream(gateway.JournalPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            journal.Position = at + 4;
            journal.WriteByte((byte)'f');
        }

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/audit/search?limit=1");

        Assert.Equal(HttpStatusCode.OK, status);
        var chain = body.GetProperty("response").GetProperty("chain");
        Assert.False(chain.GetProperty("verified").GetBoolean());
        Assert.False(string.IsNullOrEmpty(chain.GetProperty("problem").GetString()));
    }

    [Theory]
    [MemberData(nameof(BadSearches))]
    public async Task AuditSearch_BadQuery_400WithReason(string query, string reason)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, "/v1/audit/search" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signed")]
    [InlineData("token")]
    public async Task Links_Minted_AdmittedAtTheViewerListenerAndAuditedWithoutTheCredential(string kind)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        var (status, body) = await SendAsync(gateway, HttpMethod.Post, "/v1/console/links",
            $$"""{"camera":"app/cam1","operator":"alice","kind":"{{kind}}","lifetimeSeconds":600}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var minted = body.GetProperty("response");
        var url = minted.GetProperty("url").GetString()!;
        var linkId = minted.GetProperty("linkId").GetString()!;
        var expiresAt = minted.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.StartsWith($"http://127.0.0.1:{gateway.HttpPort}/play/app/cam1", url, StringComparison.Ordinal);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddSeconds(500), DateTimeOffset.UtcNow.AddSeconds(700));

        using var offer = new HttpRequestMessage(HttpMethod.Post, WhepUrlOf(url)) { Content = Offer() };
        if (kind == "token")
        {
            offer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", url[(url.IndexOf("#token=", StringComparison.Ordinal) + 7)..]);
        }

        using var admitted = await gateway.Client.SendAsync(offer);
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var decisions = gateway.Decisions();
        var decision = decisions[^1];
        Assert.Contains("jti:" + linkId, decision.GetProperty("credential_id").GetString(), StringComparison.Ordinal);

        var record = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "link.minted"), "link.minted record");
        Assert.Equal("management", record.GetProperty("administrator").GetString());
        Assert.Equal("alice", record.GetProperty("operator").GetString());
        Assert.Equal("app", record.GetProperty("app").GetString());
        Assert.Equal("cam1", record.GetProperty("camera").GetString());
        Assert.Equal(kind, record.GetProperty("kind").GetString());
        Assert.Equal(linkId, record.GetProperty("link_id").GetString());
        var credential = kind == "token" ? url[(url.IndexOf("#token=", StringComparison.Ordinal) + 7)..] : url[(url.IndexOf("signature=", StringComparison.Ordinal) + 10)..];
        var journal = await File.ReadAllTextAsync(gateway.JournalPath);
        Assert.DoesNotContain(credential, journal, StringComparison.Ordinal);

        var (_, found) = await SendAsync(gateway, HttpMethod.Get, "/v1/audit/search?linkId=" + linkId);
        var types = found.GetProperty("response").GetProperty("records").EnumerateArray().Select(r => r.GetProperty("type").GetString()).ToList();
        Assert.Contains("link.minted", types);
        Assert.Contains("access.decision", types);
    }

    [Theory]
    [MemberData(nameof(BadLinkRequests))]
    public async Task Links_BadRequest_400WithReasonAndNothingMinted(string json, string reason)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        var (status, body) = await SendAsync(gateway, HttpMethod.Post, "/v1/console/links", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("response").ValueKind);
        Assert.DoesNotContain(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "link.minted");
    }

    /// <summary>The WHEP URL a player page posts to: its own query, on <c>/{camera}/whep</c> (docs/pages.md).</summary>
    internal static string WhepUrlOf(string pageUrl)
    {
        var withoutFragment = pageUrl.Split('#')[0];
        var page = new Uri(withoutFragment);
        var camera = page.AbsolutePath["/play/".Length..];
        return $"{page.Scheme}://{page.Authority}/{camera}/whep{page.Query}";
    }

    internal static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(GatewayUnderTest gateway, HttpMethod method, string path, string? json = null)
    {
        using var response = await gateway.Client.SendAsync(gateway.ManagementRequest(method, path, json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)response.StatusCode, body.GetProperty("statusCode").GetInt32());
        return (response.StatusCode, body);
    }
}
