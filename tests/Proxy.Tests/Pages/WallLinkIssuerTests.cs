using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Pages;

namespace SecureStream.Proxy.Tests.Pages;

public sealed class WallLinkIssuerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("securestream-wall-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryIssue_HostWithPort_EachLinkVerifiesForTheUrlThePagePostsTo()
    {
        var issuer = Issuer(Policy());
        var request = Request("cams.example:3333", localPort: 3333);

        Assert.True(issuer.TryIssue(request, ["lobby", "gate"], out var links, out var expires));

        Assert.Equal(_time.GetUtcNow() + WallLinkIssuer.LinkLifetime, expires);
        Assert.Equal(["demo/lobby", "demo/gate"], links.Select(l => l.Camera));
        Assert.StartsWith("/demo/lobby/whep?rendition=sub&policy=", links[0].Url, StringComparison.Ordinal);
        Assert.All(links, link => Assert.Equal(AccessReason.Allowed, Verify("http", "cams.example:3333", 3333, link.Url)));
    }

    [Fact]
    public void TryIssue_HostWithoutPort_SignsTheListenersOwnPortAsTheGateDoes()
    {
        var issuer = Issuer(Policy());

        Assert.True(issuer.TryIssue(Request("cams.example", localPort: 8443, https: true), ["yard"], out var links, out _));

        Assert.Equal(AccessReason.Allowed, Verify("https", "cams.example", 8443, links[0].Url));
        // The same link on another port or scheme is another URL, and its signature does not match.
        Assert.Equal(AccessReason.SignatureInvalid, Verify("https", "cams.example", 3334, links[0].Url));
        Assert.Equal(AccessReason.SignatureInvalid, Verify("http", "cams.example", 8443, links[0].Url));
    }

    [Fact]
    public void TryIssue_Policy_IsAnonymousNamesItsKeyAndExpiresInTenMinutes()
    {
        var issuer = Issuer(Policy());

        Assert.True(issuer.TryIssue(Request("127.0.0.1:3333", 3333), ["lobby"], out var links, out _));

        using var policy = JsonDocument.Parse(StrictBase64UrlDecode(QueryValue(links[0].Url, "policy")));
        var root = policy.RootElement;
        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromMinutes(10)).ToUnixTimeMilliseconds(), root.GetProperty("url_expire").GetInt64());
        Assert.False(root.TryGetProperty("sub", out _));
        Assert.Equal(ScopedSignedUrlKey.DemoWallKeyId, root.GetProperty("kid").GetString());
    }

    [Fact]
    public void TryIssue_LinkAfterTenMinutes_IsExpired()
    {
        var issuer = Issuer(Policy());
        Assert.True(issuer.TryIssue(Request("127.0.0.1:3333", 3333), ["lobby"], out var links, out _));

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        Assert.Equal(AccessReason.LinkExpired, Verify("http", "127.0.0.1:3333", 3333, links[0].Url));
    }

    [Fact]
    public void TryIssue_EveryPolicyKeyRetired_StillSignsWithTheDemoKey_WhichOnlyTheRegisteredValidatorAccepts()
    {
        var issuer = Issuer(Policy(firstKeyNotAfter: _time.GetUtcNow().AddDays(-1), secondKeyNotAfter: _time.GetUtcNow().AddDays(-1)));

        Assert.True(issuer.TryIssue(Request("127.0.0.1:3333", 3333), ["lobby"], out var links, out _));

        Assert.Equal(AccessReason.Allowed, Verify("http", "127.0.0.1:3333", 3333, links[0].Url));
        // Not a production key: a validator that only knows policy.json's keys refuses the link.
        Assert.NotEqual(AccessReason.Allowed, Verify("http", "127.0.0.1:3333", 3333, links[0].Url, withDemoKey: false));
    }

    [Fact]
    public void CreateKey_EachCall_A256BitHmacSha256KeyScopedToTheDemoApp()
    {
        var first = WallLinkIssuer.CreateKey();
        var second = WallLinkIssuer.CreateKey();

        Assert.Equal((ScopedSignedUrlKey.DemoWallKeyId, "demo", SignedUrlAlgorithm.HmacSha256, 32), (first.Key.Id, first.App, first.Key.Algorithm, first.Key.Secret.Length));
        Assert.False(first.Key.Secret.Span.SequenceEqual(second.Key.Secret.Span));
    }

    [Fact]
    public void TryIssue_HostNoVirtualHostServes_RefusesWithUnknownHost()
    {
        var issuer = Issuer(Policy(hosts: ["cams.example"]));

        Assert.False(issuer.TryIssue(Request("elsewhere.example:3333", 3333), ["lobby"], out var links, out _));

        Assert.Empty(links);
    }

    private readonly ScopedSignedUrlKey _demoKey = WallLinkIssuer.CreateKey();
    private PolicyStore? _store;

    private WallLinkIssuer Issuer(PolicyStore store)
    {
        _store = store;
        return new WallLinkIssuer(store, _demoKey, _time);
    }

    private PolicyStore Policy(string[]? hosts = null, DateTimeOffset? firstKeyNotAfter = null, DateTimeOffset? secondKeyNotAfter = null)
    {
        File.WriteAllText(Path.Combine(_directory, "k1"), "first-key-for-wall-link-tests-0123456789");
        File.WriteAllText(Path.Combine(_directory, "k2"), "second-key-for-wall-link-tests-0123456789");
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["signedUrls"] = new
            {
                virtualHosts = new[]
                {
                    new
                    {
                        name = "default",
                        hosts = hosts ?? ["*"],
                        keys = new object[]
                        {
                            new { id = "first", secret = "file:" + Path.Combine(_directory, "k1"), notAfter = firstKeyNotAfter },
                            new { id = "second", secret = "file:" + Path.Combine(_directory, "k2"), notAfter = secondKeyNotAfter },
                        },
                    },
                },
            },
            ["anonymousLinks"] = new { cameras = new[] { "demo/*" } },
        });
        var loaded = PolicyFileLoader.Load(Encoding.UTF8.GetBytes(json), _time);
        Assert.True(loaded.Snapshot is not null, string.Join("; ", loaded.Errors));
        return new PolicyStore(loaded.Snapshot!, null);
    }

    private static HttpRequest Request(string host, int localPort, bool https = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Scheme = https ? "https" : "http";
        context.Request.IsHttps = https;
        context.Connection.LocalPort = localPort;
        return context.Request;
    }

    /// <summary>What the gate's validator says of a relative link when the browser sends it to this scheme, Host and port.</summary>
    private AccessReason Verify(string scheme, string host, int localPort, string relativeUrl, bool withDemoKey = true)
    {
        var split = relativeUrl.IndexOf('?', StringComparison.Ordinal);
        var query = relativeUrl[(split + 1)..].Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(p => new QueryPair(p[0], p[1], p[1]))
            .ToList();
        var input = new SignedUrlInput(scheme, host, localPort, relativeUrl[..split], query, IPAddress.Loopback, IPAddress.Loopback);
        return new SignedUrlValidator(_time, NullLogger<SignedUrlValidator>.Instance, withDemoKey ? [_demoKey] : null).Validate(input, _store!.Current.SignedUrls).Reason;
    }

    private static string QueryValue(string url, string name) =>
        url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == name)[1];

    private static byte[] StrictBase64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
