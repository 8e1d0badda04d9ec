using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// The OME stream and stats routes end to end through the real gateway: registration, listing,
/// deletion, refusals, audit records, credentials never returned, and the front door admitting
/// exactly the cameras the registry knows.
/// </summary>
public sealed class StreamApiTests
{
    private const string Password = "hunter2-camera-password";
    private const string CameraUrl = "rtsp://admin:" + Password + "@10.0.0.5:554/stream1?token=" + Password;

    private static Task<GatewayUnderTest> StartAsync(IDictionary<string, string?>? settings = null) =>
        GatewayUnderTest.StartAsync(
            policySections: p => p["operators"] = new object[]
            {
                new { id = "alice", cameras = new[] { "app/cam1" } },
                new { id = "carol", cameras = new[] { "site/*" } },
            },
            settings: settings);

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(GatewayUnderTest gateway, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var response = await gateway.Client.SendAsync(gateway.ManagementRequest(method, path, json, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin:", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)response.StatusCode, body.GetProperty("statusCode").GetInt32());
        return (response.StatusCode, body);
    }

    private static string CreateBody(string name, string url = CameraUrl) =>
        $$$"""{"name":"{{{name}}}","urls":["{{{url}}}","rtsp://10.0.0.6/backup"],"properties":{"persistent":false,"noInputFailoverTimeoutMs":3000,"unusedStreamDeletionTimeoutMs":60000,"ignoreRtcpSRTimestamp":false,"retryCount":1}}""";

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");

    [Fact]
    public async Task Create_List_Get_Delete_WithoutCredentials_AndAudited()
    {
        await using var gateway = await StartAsync();

        var (created, createdBody) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("door"));
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("rtsp://***@10.0.0.5:554/stream1?***", createdBody.GetProperty("response")[0].GetProperty("urls")[0].GetString());

        var (listed, listBody) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(["door"], listBody.GetProperty("response").EnumerateArray().Select(e => e.GetString()));

        var (got, getBody) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/door");
        Assert.Equal(HttpStatusCode.OK, got);
        var stream = getBody.GetProperty("response");
        Assert.Equal("rest", stream.GetProperty("source").GetString());
        Assert.Equal("idle", stream.GetProperty("state").GetString());
        Assert.Equal(0, stream.GetProperty("tracks").GetArrayLength());
        Assert.Equal(2, stream.GetProperty("urls").GetArrayLength());
        Assert.False(stream.GetProperty("properties").GetProperty("persistent").GetBoolean());

        Assert.Contains(Password, File.ReadAllText(gateway.CameraStorePath), StringComparison.Ordinal);

        var (deleted, _) = await SendAsync(gateway, HttpMethod.Delete, "/v1/vhosts/default/apps/site/streams/door");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/door")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Delete, "/v1/vhosts/default/apps/site/streams/door")).Status);
        Assert.DoesNotContain(Password, File.ReadAllText(gateway.CameraStorePath), StringComparison.Ordinal);

        var records = gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "camera.registered").ToList();
        Assert.Equal(["register", "delete"], records.Select(r => r.GetProperty("action").GetString()));
        Assert.All(records, r => Assert.Equal("rest", r.GetProperty("source").GetString()));
        Assert.All(records, r => Assert.Equal("10.0.0.5,10.0.0.6", r.GetProperty("host").GetString()));
        Assert.All(records, r => Assert.Equal("door", r.GetProperty("camera").GetString()));
        Assert.DoesNotContain(Password, File.ReadAllText(gateway.JournalPath), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "not json", "not json" },
        { "array", "[]" },
        { "unknown key", """{"name":"cam","urls":["rtsp://h/x"],"extra":1}""" },
        { "duplicate key", """{"name":"cam","name":"cam2","urls":["rtsp://h/x"]}""" },
        { "case-variant key", """{"Name":"cam","urls":["rtsp://h/x"]}""" },
        { "missing urls", """{"name":"cam"}""" },
        { "empty urls", """{"name":"cam","urls":[]}""" },
        { "urls not an array", """{"name":"cam","urls":"rtsp://h/x"}""" },
        { "name with slash", """{"name":"../cam","urls":["rtsp://h/x"]}""" },
        { "name with space", """{"name":"cam 1","urls":["rtsp://h/x"]}""" },
        { "name look-alike", """{"name":"cаm","urls":["rtsp://h/x"]}""" },
        { "http url", """{"name":"cam","urls":["http://h/x"]}""" },
        { "url without host", """{"name":"cam","urls":["rtsp:///x"]}""" },
        { "url with CRLF", """{"name":"cam","urls":["rtsp://h/x\r\nSETUP rtsp://evil/"]}""" },
        { "timeout out of range", """{"name":"cam","urls":["rtsp://h/x"],"properties":{"noInputFailoverTimeoutMs":1}}""" },
        { "string for number", """{"name":"cam","urls":["rtsp://h/x"],"properties":{"retryCount":"1"}}""" },
        { "trailing data", """{"name":"cam","urls":["rtsp://h/x"]} {}""" },
        { "oversized", """{"name":"cam","urls":["rtsp://h/x"],"properties":{}, "pad":" """ + new string('a', 70_000) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadBody_400_NothingRegistered(string name, string body)
    {
        _ = name;
        await using var gateway = await StartAsync();

        var (status, _) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams")).Status);
        Assert.DoesNotContain(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "camera.registered");
    }

    [Fact]
    public async Task Create_NotJsonContentType_400_CredentialsInRefusedUrlNotEchoed()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("cam"), "text/plain")).Status);
        var (status, body) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("cam", "rtsp://admin:" + Password + "@h/x y"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("urls[0]", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVhost_404_Duplicate_409_StaticName_409_Unauthorized_401()
    {
        await using var gateway = await StartAsync(new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/site/lobby",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
            ["OriginMap:Origins:0:Urls:0"] = "admin:" + Password + "@10.0.0.7/lobby",
        });

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/other/apps/site/streams", CreateBody("door"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/other/apps/site/streams")).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("door"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("door"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("lobby"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(gateway, HttpMethod.Delete, "/v1/vhosts/default/apps/site/streams/lobby")).Status);

        var (_, list) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams");
        Assert.Equal(["door", "lobby"], list.GetProperty("response").EnumerateArray().Select(e => e.GetString()));
        var (_, lobby) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/lobby");
        Assert.Equal("static", lobby.GetProperty("response").GetProperty("source").GetString());

        using var anonymous = await gateway.Client.GetAsync($"http://127.0.0.1:{gateway.ManagementPort}/v1/vhosts/default/apps/site/streams");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{gateway.ManagementPort}/v1/vhosts/default/apps/site/streams")
        {
            Content = new StringContent(CreateBody("sneaky"), Encoding.UTF8, "application/json"),
        };
        using var refused = await gateway.Client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/sneaky")).Status);
    }

    [Fact]
    public async Task RegisteredCamera_AdmittedAtFrontDoor_DeletedOne_RefusedLikeUnknown()
    {
        await using var gateway = await StartAsync();
        var link = gateway.SignedLink("site/door", suffix: "/whep", subject: "carol");

        using var before = await gateway.Client.PostAsync(link, Offer());
        using var unknown = await gateway.Client.PostAsync(gateway.SignedLink("site/never", suffix: "/whep", subject: "carol"), Offer());
        Assert.Equal(unknown.StatusCode, before.StatusCode);
        Assert.Equal(await ProblemAsync(unknown), await ProblemAsync(before));
        Assert.Empty(gateway.Origin.Hits);

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("door"))).Status);
        using var admitted = await gateway.Client.PostAsync(gateway.SignedLink("site/door", suffix: "/whep", subject: "carol"), Offer());
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var hit = Assert.Single(gateway.Origin.Hits);
        Assert.True(hit.TicketAccepted);
        Assert.Equal("/site/door/whep", hit.Path);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Delete, "/v1/vhosts/default/apps/site/streams/door")).Status);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.Sessions.Count == 0));
        using var after = await gateway.Client.PostAsync(gateway.SignedLink("site/door", suffix: "/whep", subject: "carol"), Offer());
        Assert.Equal(unknown.StatusCode, after.StatusCode);
        Assert.Equal(await ProblemAsync(unknown), await ProblemAsync(after));
        Assert.Single(gateway.Origin.Hits);
    }

    /// <summary>The refusal without its per-request trace id: what tells an unknown camera apart, if anything.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return string.Join("|", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Name + "=" + p.Value));
    }

    [Fact]
    public async Task Stats_OmeShape_CountsLiveSessions()
    {
        await using var gateway = await StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", CreateBody("door"))).Status);

        var (status, idle) = await SendAsync(gateway, HttpMethod.Get, "/v1/stats/current");
        Assert.Equal(HttpStatusCode.OK, status);
        var stats = idle.GetProperty("response");
        foreach (var field in new[] { "totalConnections", "totalBytesIn", "totalBytesOut", "createdTime", "lastUpdatedTime", "lastRecvTime", "lastSentTime" })
        {
            Assert.True(stats.TryGetProperty(field, out _), field);
        }

        Assert.Equal(0, stats.GetProperty("totalConnections").GetInt32());
        Assert.Equal(0, stats.GetProperty("connections").GetProperty("webrtc").GetInt32());

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.SignedLink("site/door", scheme: "ws", subject: "carol")), CancellationToken.None);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.Sessions.Count == 1));

        foreach (var path in new[] { "/v1/stats/current", "/v1/stats/current/vhosts/default", "/v1/stats/current/vhosts/default/apps/site", "/v1/stats/current/vhosts/default/apps/site/streams/door" })
        {
            var (ok, body) = await SendAsync(gateway, HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, ok);
            Assert.Equal(1, body.GetProperty("response").GetProperty("totalConnections").GetInt32());
            Assert.Equal(1, body.GetProperty("response").GetProperty("connections").GetProperty("webrtc").GetInt32());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/stats/current/vhosts/other")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/stats/current/vhosts/default/apps/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/stats/current/vhosts/default/apps/site/streams/nope")).Status);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.Sessions.Count == 0));

        // OME's peak figures remember the session after it ended, in every scope that held it.
        foreach (var path in new[] { "/v1/stats/current", "/v1/stats/current/vhosts/default/apps/site/streams/door" })
        {
            var after = (await SendAsync(gateway, HttpMethod.Get, path)).Body.GetProperty("response");
            Assert.Equal(0, after.GetProperty("totalConnections").GetInt32());
            Assert.Equal(1, after.GetProperty("maxTotalConnections").GetInt32());
            Assert.True(after.GetProperty("maxTotalConnectionTime").GetDateTimeOffset() > after.GetProperty("createdTime").GetDateTimeOffset());
        }
    }
}
