using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Policy.Tests.SignedUrls;

/// <summary>Builds rings through the real policy.json path (secrets from environment variables) and turns links into validator input.</summary>
internal static class SignedUrlTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly IPAddress Peer = IPAddress.Parse("203.0.113.7");

    public const string Secret = "test-secret-0123456789abcdef-0123456789";

    public const string OtherSecret = "other-secret-9876543210fedcba-98765432";

    /// <summary>Puts a secret in a fresh environment variable and returns its reference.</summary>
    public static string SecretRef(string secret)
    {
        var name = "SS_TEST_LINK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, secret);
        return "env:" + name;
    }

    public static SignedUrlKeyRing Ring(params SignedUrlVirtualHostSettings[] vhosts) =>
        Ring(new SignedUrlSettings { VirtualHosts = vhosts });

    public static SignedUrlKeyRing Ring(SignedUrlSettings settings)
    {
        var errors = new List<string>();
        Assert.True(SignedUrlKeyRing.TryCreate(settings, "signedUrls", errors, out var ring), string.Join("\n", errors));
        return ring!;
    }

    public static SignedUrlVirtualHostSettings VHost(string name, string[] hosts, params SignedUrlKeySettings[] keys) =>
        new() { Name = name, Hosts = hosts, Keys = keys };

    public static SignedUrlKeySettings Key(string id, string secret = Secret, string algorithm = "HMAC-SHA1", DateTimeOffset? notAfter = null) =>
        new() { Id = id, Secret = SecretRef(secret), Algorithm = algorithm, NotAfter = notAfter };

    /// <summary>One "*" virtual host with one HMAC-SHA1 key "k1".</summary>
    public static SignedUrlKeyRing DefaultRing() => Ring(VHost("default", ["*"], Key("k1")));

    public static SignedUrlValidator Validator(DateTimeOffset? now = null) =>
        new(new FakeTimeProvider(now ?? Now), NullLogger<SignedUrlValidator>.Instance);

    public static SignedPolicyClaims Claims(TimeSpan? expiresIn = null) => new(Now + (expiresIn ?? TimeSpan.FromMinutes(5)));

    public static string Link(
        SignedPolicyClaims claims, string baseUrl = "wss://cams.example.com:443/app/cam1", string secret = Secret,
        SignedUrlAlgorithm algorithm = SignedUrlAlgorithm.HmacSha1, string? keyId = null) =>
        SignedUrlSigner.CreateLink(new Uri(baseUrl), claims, keyId, SecretValue.FromText(secret), algorithm, SignedUrlParameterNames.Default);

    /// <summary>
    /// Splits a link the way the front door's target parser would: the authority becomes the Host
    /// header as sent, the path and query stay raw. <paramref name="localPort"/> defaults to the
    /// link's port (or the scheme's).
    /// </summary>
    public static SignedUrlInput Input(string link, int? localPort = null, string? hostHeader = null, IPAddress? peer = null, IPAddress? client = null)
    {
        var schemeEnd = link.IndexOf("://", StringComparison.Ordinal);
        var scheme = link[..schemeEnd];
        var rest = link[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = rest[..slash];
        var target = rest[slash..];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? [] : SplitQuery(target[(question + 1)..]);
        var port = localPort ?? (Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.Port : 443);
        return new SignedUrlInput(scheme, hostHeader ?? authority, port, path, query, peer ?? Peer, client ?? peer ?? Peer);
    }

    public static List<QueryPair> SplitQuery(string query)
    {
        var pairs = new List<QueryPair>();
        foreach (var raw in query.Split('&'))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? raw : raw[..eq];
            var value = eq < 0 ? string.Empty : raw[(eq + 1)..];
            pairs.Add(new QueryPair(name, value, SafeUnescape(value)) { Raw = raw });
        }

        return pairs;
    }

    private static string SafeUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
