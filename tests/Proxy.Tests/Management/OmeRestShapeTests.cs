using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.DemoCameras;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// The management API against OME's own documented responses (OmeFixtures/, copied from OME's
/// REST documentation, never from our output): for every route we claim, every field of OME's
/// example is in our answer at the same path with the same JSON type. The stream is a real pull
/// of the built-in demo camera (video and audio), so the tracks are the ones a camera reported.
/// </summary>
public sealed class OmeRestShapeTests
{
    /// <summary>OME fields we do not have, each with its reason (docs/cameras.md says the same).</summary>
    private static readonly Dictionary<string, HashSet<string>> NotOurs = new()
    {
        // Certificates are a listener setting here, not per virtual host.
        ["vhost-info.json"] = ["$.response.host.tls"],
        // The gateway pulls RTSP and publishes WebRTC only: no RTMP/MPEG-TS/OVT input, no HLS/DASH/file output.
        ["app-info.json"] =
        [
            "$.response.providers.mpegts", "$.response.providers.ovt", "$.response.providers.rtmp",
            "$.response.publishers.dash", "$.response.publishers.file", "$.response.publishers.hls",
            "$.response.publishers.llDash", "$.response.publishers.ovt", "$.response.publishers.sessionLoadBalancingThreadCount",
            // A transcoded audio rendition (OME's opus example): the gateway passes tracks through.
            "$.response.outputProfiles.outputProfile[object].encodes.audios[object].active",
            "$.response.outputProfiles.outputProfile[object].encodes.audios[object].bitrate",
            "$.response.outputProfiles.outputProfile[object].encodes.audios[object].channel",
            "$.response.outputProfiles.outputProfile[object].encodes.audios[object].codec",
            "$.response.outputProfiles.outputProfile[object].encodes.audios[object].samplerate",
        ],
    };

    public static TheoryData<string, string, string> Routes => new()
    {
        { "stream-list.json", "GET", "/v1/vhosts/default/apps/app/streams" },
        { "stream-info.json", "GET", "/v1/vhosts/default/apps/app/streams/kept" },
        { "stream-create.json", "POST", "/v1/vhosts/default/apps/app/streams" },
        { "vhost-list.json", "GET", "/v1/vhosts" },
        { "vhost-info.json", "GET", "/v1/vhosts/default" },
        { "app-list.json", "GET", "/v1/vhosts/default/apps" },
        { "app-info.json", "GET", "/v1/vhosts/default/apps/app" },
        { "stats-current.json", "GET", "/v1/stats/current" },
        { "stats-current.json", "GET", "/v1/stats/current/vhosts/default" },
        { "stats-current.json", "GET", "/v1/stats/current/vhosts/default/apps/app" },
        { "stats-current.json", "GET", "/v1/stats/current/vhosts/default/apps/app/streams/kept" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AnswersInOmeShape(string fixture, string method, string path)
    {
        await using var gateway = await StartWithPulledStreamAsync();
        using var request = gateway.ManagementRequest(new HttpMethod(method), path,
            method == "POST" ? """{"name":"another","urls":["rtsp://127.0.0.1:1/other"]}""" : null);

        using var response = await gateway.Client.SendAsync(request);
        var ours = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var ome = ReadFixture(fixture);

        Assert.Equal(ome.GetProperty("statusCode").GetInt32(), (int)response.StatusCode);
        Assert.Empty(JsonShape.Compare(ome, ours, NotOurs.GetValueOrDefault(fixture)));
    }

    [Fact]
    public async Task CreateStream_WithoutContentType_AcceptedAsOmeDoes()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var request = gateway.ManagementRequest(HttpMethod.Post, "/v1/vhosts/default/apps/site/streams");
        request.Content = new ByteArrayContent("""{"name":"door","urls":["rtsp://10.0.0.5/stream1"]}"""u8.ToArray());

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(request.Content.Headers.ContentType);
    }

    [Fact]
    public void Compare_MissingFieldOrOtherType_Reported()
    {
        var ome = JsonDocument.Parse("""{"a":{"b":1,"c":"x"},"t":[{"type":"Video","w":1},{"type":"Audio","s":2}]}""").RootElement;
        var ours = JsonDocument.Parse("""{"a":{"b":"1"},"t":[{"type":"Video","w":1}],"extra":true}""").RootElement;

        var problems = JsonShape.Compare(ome, ours);

        Assert.Equal(
            ["$.a.b: OME has number, ours string", "$.a.c: missing", "$.t[Audio]: no element of this kind"],
            problems);
    }

    private static async Task<GatewayUnderTest> StartWithPulledStreamAsync()
    {
        var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["DemoCameras:Enabled"] = "true",
            ["DemoCameras:Port"] = "0",
        });
        var demo = gateway.Services.GetRequiredService<DemoCameraServer>();
        var body = $$$"""{"name":"kept","urls":["{{{demo.GetCameraUri("lobby")}}}"],"properties":{"persistent":true}}""";
        using (var create = gateway.ManagementRequest(HttpMethod.Post, "/v1/vhosts/default/apps/app/streams", body))
        using (var created = await gateway.Client.SendAsync(create))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A persistent stream is pulled at once; its tracks are known when the camera answered.
        Assert.True(await GatewayUnderTest.EventuallyAsync(async () =>
        {
            using var get = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/vhosts/default/apps/app/streams/kept");
            var stream = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("response");
            return stream.GetProperty("input").GetProperty("tracks").GetArrayLength() >= 2;
        }, 20000), "the demo camera's video and audio tracks were never reported");
        return gateway;
    }

    private static JsonElement ReadFixture(string name) =>
        JsonDocument.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Management", "OmeFixtures", name)),
            new JsonDocumentOptions { AllowTrailingCommas = true }).RootElement.Clone();
}
