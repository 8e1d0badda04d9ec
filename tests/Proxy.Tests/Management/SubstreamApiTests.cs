using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// <c>substreamUrls</c> in the management API (docs/cameras.md "Substreams"): registered with the
/// main URLs' rules, kept in the registry file with its credentials, shown redacted, never echoed.
/// </summary>
public sealed class SubstreamApiTests
{
    private const string Password = "sub-stream-password-2026";

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> SendAsync(GatewayUnderTest gateway, HttpMethod method, string path, string? json = null)
    {
        // StreamApiTests' helper also checks that no userinfo comes back.
        var (status, body) = await StreamApiTests.SendAsync(gateway, method, path, json);
        return (status, body, body.GetRawText());
    }

    [Fact]
    public async Task Create_WithSubstreamUrls_KeptWithCredentials_ShownRedacted()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var body = $$"""{"name":"door","urls":["rtsp://admin:{{Password}}@10.0.0.5/main"],"substreamUrls":["rtsp://admin:{{Password}}@10.0.0.5/sub?subtype=1"]}""";

        var (created, _, createdText) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", body);
        var (got, getBody, getText) = await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/door");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, got);
        Assert.Equal("rtsp://***@10.0.0.5/sub?***", Assert.Single(getBody.GetProperty("response").GetProperty("substreamUrls").EnumerateArray()).GetString());
        Assert.DoesNotContain(Password, createdText + getText, StringComparison.Ordinal);
        Assert.Contains($"rtsp://admin:{Password}@10.0.0.5/sub?subtype=1", File.ReadAllText(gateway.CameraStorePath), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, File.ReadAllText(gateway.JournalPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["http://admin:sub-stream-password-2026@10.0.0.5/sub"]""", "substreamUrls[0]")]
    [InlineData("""["rtsp://10.0.0.5/a","rtsp://10.0.0.5/b","rtsp://10.0.0.5/c","rtsp://10.0.0.5/d","rtsp://10.0.0.5/e","rtsp://10.0.0.5/f","rtsp://10.0.0.5/g","rtsp://10.0.0.5/h","rtsp://10.0.0.5/i","rtsp://10.0.0.5/j","rtsp://10.0.0.5/k","rtsp://10.0.0.5/l","rtsp://10.0.0.5/m","rtsp://10.0.0.5/n","rtsp://10.0.0.5/o","rtsp://10.0.0.5/p","rtsp://10.0.0.5/q"]""", "substreamUrls must list at most 16")]
    [InlineData("\"rtsp://10.0.0.5/sub\"", "")]
    public async Task Create_BadSubstreamUrls_400NothingRegistered(string substreamUrls, string message)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var body = $$"""{"name":"door","urls":["rtsp://10.0.0.5/main"],"substreamUrls":{{substreamUrls}}}""";

        var (status, response, text) = await SendAsync(gateway, HttpMethod.Post, "/v1/vhosts/default/apps/site/streams", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, response.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/v1/vhosts/default/apps/site/streams/door")).Status);
    }
}
