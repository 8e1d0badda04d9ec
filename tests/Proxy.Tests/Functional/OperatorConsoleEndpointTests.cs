using System.Net;
using SecureStream.Proxy.Pages;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>The operator console's page and files on the real management listener: served without the token, with the pages' headers; the API still needs it.</summary>
public sealed class OperatorConsoleEndpointTests
{
    [Theory]
    [InlineData("/console", "text/html")]
    [InlineData("/console/assets/console.js", "text/javascript")]
    [InlineData("/console/assets/console-api.js", "text/javascript")]
    [InlineData("/console/assets/console.css", "text/css")]
    public async Task Console_WithoutToken_IsServedWithTheStrictPageHeaders(string path, string mediaType)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}{path}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PageSecurityHeaders.ContentSecurityPolicy, string.Join(',', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", string.Join(',', response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/console/assets/console.html", HttpStatusCode.NotFound)]
    [InlineData("/console/assets/missing.js", HttpStatusCode.NotFound)]
    [InlineData("/console/assets/whep-client.js", HttpStatusCode.NotFound)]
    [InlineData("/console/other", HttpStatusCode.Unauthorized)]
    [InlineData("/v1/sessions", HttpStatusCode.Unauthorized)]
    public async Task Console_PathsOutsideThePageAndItsFiles_AreNotServedWithoutToken(string path, HttpStatusCode expected)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}{path}"));

        Assert.Equal(expected, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Console_OnTheViewerListener_IsNotServed()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}/console"));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    [InlineData("same-site", HttpStatusCode.Forbidden)]
    [InlineData("same-origin", HttpStatusCode.OK)]
    [InlineData("none", HttpStatusCode.OK)]
    public async Task Api_RequestAnotherSitesPageMade_RefusedEvenWithTheToken(string fetchSite, HttpStatusCode expected)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var request = gateway.ManagementRequest(HttpMethod.Get, "/v1/sessions");
        request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("cross_site_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
