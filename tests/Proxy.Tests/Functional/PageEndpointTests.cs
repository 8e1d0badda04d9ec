using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Pages;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>The pages and the wall's link list through the real front door, over HTTP.</summary>
public sealed class PageEndpointTests
{
    private static readonly Dictionary<string, string?> DemoCamerasOn = new()
    {
        ["DemoCameras:Enabled"] = "true",
        ["DemoCameras:Port"] = "0",
    };

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/play/demo/lobby?policy=abc&signature=def", "text/html")]
    [InlineData("/console/assets/whep-client.js", "text/javascript")]
    [InlineData("/console/assets/pages.css", "text/css")]
    public async Task Page_Served_CarriesStrictCspNosniffAndNoReferrer(string path, string mediaType)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{path}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PageSecurityHeaders.ContentSecurityPolicy, string.Join(',', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self';", PageSecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", PageSecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task PlayerPage_UrlCarriesCredential_IsNeverStored()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        // Serving the page is not an access decision: the credential is judged when the page POSTs it.
        Assert.Empty(gateway.Decisions());
    }

    [Theory]
    [InlineData("/play/demo/.hidden")]
    [InlineData("/play/demo/a%2Fb")]
    [InlineData("/console/assets/player.html")]
    [InlineData("/console/assets/missing.js")]
    [InlineData("/console/assets/..%2Fappsettings.json")]
    public async Task Page_PathOutsideTheServedSet_IsNotFound(string path)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{path}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_ManagementAndOriginListeners_DoNotServeThem()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn, embeddedOrigin: true);
        Assert.True(gateway.OriginPort != 0 || gateway.OriginSocketPath is not null);
        foreach (var path in new[] { "/", "/play/demo/lobby", "/console/assets/whep-client.js", PageEndpoints.WallLinksPath })
        {
            using var management = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.ManagementPort}{path}");
            management.Headers.TryAddWithoutValidation("Authorization", ManagementAuthentication.HeaderFor(gateway.ManagementToken));
            using var fromManagement = await gateway.Client.SendAsync(management);
            using var fromOrigin = await gateway.OriginClient.GetAsync(gateway.OriginUrl(path));

            Assert.Equal(HttpStatusCode.NotFound, fromManagement.StatusCode);
            Assert.NotEqual("text/html", fromManagement.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual(HttpStatusCode.OK, fromOrigin.StatusCode);
            Assert.NotEqual("text/html", fromOrigin.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task WallLinks_DemoCamerasEnabled_ListsEveryDemoCameraWithALinkTheGateAdmits()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn);
        var before = GateProbe.Mark(gateway);

        var links = await GetLinksAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}");

        Assert.Equal(
            ["demo/gate", "demo/lobby", "demo/lobby-gop4", "demo/yard"],
            links.Select(l => l.Camera).Order(StringComparer.Ordinal));
        foreach (var (camera, url) in links)
        {
            Assert.StartsWith($"/{camera}/whep?rendition=sub&policy=", url, StringComparison.Ordinal);
            using var offer = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}{url}");
            Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        }

        var admitted = gateway.Origin.Hits.Skip(before.Hits).Where(h => h.TicketAccepted).Select(h => h.Path).Order(StringComparer.Ordinal);
        Assert.Equal(links.Select(l => $"/{l.Camera}/whep").Order(StringComparer.Ordinal), admitted);
        Assert.All(gateway.Decisions().Skip(before.Decisions), record => Assert.Equal("allow", record.GetProperty("decision").GetString()));
    }

    [Fact]
    public async Task WallLinks_HostHeaderWithoutPort_LinksStillVerify()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn);
        var host = new Dictionary<string, string> { ["Host"] = "localhost" };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}");
        request.Headers.Host = "localhost";
        using var response = await gateway.Client.SendAsync(request);
        var links = Parse(await response.Content.ReadAsStringAsync());

        using var offer = await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}{links[0].Url}", headers: host);

        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
    }

    [Fact]
    public async Task WallLinks_Response_IsNeverStoredAndCarriesThePageHeaders()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: DemoCamerasOn);

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task WallLinks_DemoCamerasDisabled_IsNotFound()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}{PageEndpoints.WallLinksPath}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("policy=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<(string Camera, string Url)>> GetLinksAsync(GatewayUnderTest gateway, string origin)
    {
        using var response = await gateway.Client.GetAsync(new Uri(origin + PageEndpoints.WallLinksPath));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    private static IReadOnlyList<(string Camera, string Url)> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => (e.GetProperty("camera").GetString()!, e.GetProperty("url").GetString()!))];
    }
}
