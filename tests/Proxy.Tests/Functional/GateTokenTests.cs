using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>JWT token links (docs/links.md) and the JWT attacks of docs/security.md, through the real pipeline.</summary>
public sealed class GateTokenTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private const string GoodHeader = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"hs-1\"}";

    private GatewayUnderTest Gateway => shared.Gateway;

    private string OfferUrl(string camera = "app/cam1") => $"http://127.0.0.1:{Gateway.HttpPort}/{camera}/whep";

    private static string Payload(string sub = "alice", string cam = "[\"app/cam1\"]", string aud = "\"securestream-test\"", string iss = "\"test-issuer\"", long? exp = 300, long? nbf = null, long iat = 0)
    {
        var now = GateProbe.Now;
        var members = new List<string> { $"\"sub\":\"{sub}\"", $"\"cam\":{cam}", $"\"aud\":{aud}", $"\"iss\":{iss}", $"\"iat\":{now + iat}" };
        if (exp is { } e)
        {
            members.Add($"\"exp\":{now + e}");
        }

        if (nbf is { } n)
        {
            members.Add($"\"nbf\":{now + n}");
        }

        return "{" + string.Join(',', members) + "}";
    }

    private byte[] Key => Gateway.JwtSecret.Span.ToArray();

    private string Issue(string subject, params string[] cameras)
    {
        var store = (PolicyStore)Gateway.Services.GetService(typeof(PolicyStore))!;
        Assert.True(new TokenLinkIssuer(TimeProvider.System).TryIssue(store.Current.Tokens, "hs-1", new TokenIssueRequest(subject, cameras, TimeSpan.FromMinutes(5)) { Issuer = "test-issuer" }, out var token, out var error), error);
        return token!;
    }

    /// <summary>(name, builds the token from the gateway's key, status, reason).</summary>
    public static TheoryData<string, Func<byte[], string>, int, string> HostileTokens => new()
    {
        { "alg none", _ => GateProbe.Jwt("{\"alg\":\"none\",\"kid\":\"hs-1\"}", Payload(), null), 401, "token_algorithm_refused" },
        { "alg NONE", _ => GateProbe.Jwt("{\"alg\":\"NONE\",\"kid\":\"hs-1\"}", Payload(), null), 401, "token_algorithm_refused" },
        { "alg nOnE with signature", k => GateProbe.Jwt("{\"alg\":\"nOnE\",\"kid\":\"hs-1\"}", Payload(), k), 401, "token_algorithm_refused" },
        { "alg ES256 on an HS256 kid", k => GateProbe.Jwt("{\"alg\":\"ES256\",\"kid\":\"hs-1\"}", Payload(), k), 401, "token_algorithm_refused" },
        { "HS256 with the wrong key", _ => GateProbe.Jwt(GoodHeader, Payload(), new byte[32]), 401, "token_invalid" },
        { "signature stripped", k => GateProbe.Jwt(GoodHeader, Payload(), null), 401, "token_invalid" },
        { "unknown kid", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"kid\":\"hs-9\"}", Payload(), k), 401, "token_key_unknown" },
        { "path-like kid", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"kid\":\"../../jwt-key\"}", Payload(), k), 401, "token_key_unknown" },
        { "no kid", k => GateProbe.Jwt("{\"alg\":\"HS256\"}", Payload(), k), 401, "token_key_unknown" },
        { "jku header", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"jku\":\"http://127.0.0.1:9/jwks\"}", Payload(), k), 401, "token_invalid" },
        { "x5u header", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"x5u\":\"http://127.0.0.1:9/cert\"}", Payload(), k), 401, "token_invalid" },
        { "jwk header", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", Payload(), k), 401, "token_invalid" },
        { "wrong typ", k => GateProbe.Jwt("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"hs-1\"}", Payload(), k), 401, "token_type_invalid" },
        { "wrong aud", k => GateProbe.Jwt(GoodHeader, Payload(aud: "\"another-gateway\""), k), 401, "token_audience_invalid" },
        { "wrong iss", k => GateProbe.Jwt(GoodHeader, Payload(iss: "\"evil-issuer\""), k), 401, "token_issuer_invalid" },
        { "missing exp", k => GateProbe.Jwt(GoodHeader, Payload(exp: null), k), 401, "token_claim_missing" },
        { "expired", k => GateProbe.Jwt(GoodHeader, Payload(exp: -3600, iat: -3900), k), 401, "token_expired" },
        { "future nbf", k => GateProbe.Jwt(GoodHeader, Payload(nbf: 3600, exp: 7200), k), 401, "token_not_yet_valid" },
        { "lifetime above maximum", k => GateProbe.Jwt(GoodHeader, Payload(exp: 3 * 86400), k), 401, "token_lifetime_too_long" },
        { "not a JWT", _ => "not-a-jwt", 401, "token_malformed" },
    };

    [Theory]
    [MemberData(nameof(HostileTokens))]
    public async Task HostileToken_IsRefusedBeforeOriginAndWebhook(string name, Func<byte[], string> build, int status, string reason)
    {
        Assert.NotEmpty(name);
        var token = build(Key);
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl(), bearer: token);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, status, reason);
    }

    [Fact]
    public async Task HandBuiltValidToken_IsAdmitted()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl(), bearer: GateProbe.Jwt(GoodHeader, Payload(), Key));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1/whep");
    }

    [Fact]
    public async Task IssuedTokenAsBearer_IsAdmittedWithoutAuthorizationAtOrigin()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl("app/lobby-east"), bearer: Issue("alice", "app/lobby-*"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/lobby-east/whep");
        var record = Gateway.Decisions()[^1];
        Assert.Equal("jwt", record.GetProperty("credential_kind").GetString());
        Assert.StartsWith("kid:hs-1", record.GetProperty("credential_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuedTokenAsQueryParameter_IsAdmittedAndNotForwarded()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl("app/cam2") + "?token=" + Issue("bob", "app/cam2"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam2/whep");
    }

    [Fact]
    public async Task CameraOutsideTheTokensCamClaim_IsRefused()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl("app/cam1"), bearer: Issue("alice", "app/lobby-*"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "not_entitled");
    }

    [Fact]
    public async Task OperatorNotEntitledInPolicy_IsRefused()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl("app/cam1"), bearer: Issue("bob", "app/cam1"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "not_entitled");
    }

    [Fact]
    public async Task SignedLinkAndJwtTogether_IsCredentialConflict()
    {
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, bearer: Issue("alice", "app/cam1"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "credential_conflict");
    }

    [Fact]
    public async Task BearerAndQueryTokenTogether_IsCredentialConflict()
    {
        var token = Issue("alice", "app/cam1");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl() + "?token=" + token, bearer: token);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "credential_conflict");
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    public async Task KeyUrlHeader_MakesNoOutboundRequest(string member)
    {
        // The key URL points at a live receiver: any fetch would show up among its calls.
        var header = $"{{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"{member}\":\"{Gateway.Webhook.Url}\"}}";
        var calls = Gateway.Webhook.Calls.Count;
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, OfferUrl(), bearer: GateProbe.Jwt(header, Payload(), Key));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "token_invalid");
        Assert.Equal(calls, Gateway.Webhook.Calls.Count);
    }
}
