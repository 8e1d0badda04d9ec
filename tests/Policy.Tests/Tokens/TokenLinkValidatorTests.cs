using System.Net;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenLinkValidatorTests : IDisposable
{
    private readonly TokenTestKeys _keys = new();
    private readonly TokenKeyRing _ring;

    public TokenLinkValidatorTests() => _ring = _keys.Ring();

    public void Dispose() => _keys.Dispose();

    [Theory]
    [InlineData("hs-2026")]
    [InlineData("ec-2026")]
    public async Task ValidateAsync_IssuedToken_IsAllowedWithClaims(string kid)
    {
        var request = new TokenIssueRequest("op-7", ["app/lobby-*", "app/hall"], TimeSpan.FromMinutes(5))
        {
            LinkId = "link-1",
            Cidrs = ["10.0.0.0/24"],
            SessionEnd = TokenTestKeys.Start.AddHours(1),
        };

        var result = await _keys.ValidateAsync(_keys.Issue(_ring, kid, request), _ring);

        Assert.True(result.IsAllowed, result.Detail);
        var claims = result.Claims!;
        Assert.Equal("op-7", claims.Subject);
        Assert.Equal(["app/lobby-*", "app/hall"], claims.Cameras.Select(c => c.Text));
        Assert.Equal(TokenTestKeys.Start.AddMinutes(5), claims.Expires);
        Assert.Equal(TokenTestKeys.Start.AddHours(1), claims.SessionEnd);
        Assert.Equal(IPNetwork.Parse("10.0.0.0/24"), Assert.Single(claims.Cidrs));
        Assert.Equal("link-1", claims.LinkId);
        Assert.Equal(kid, claims.KeyId);
    }

    public static TheoryData<string, string> NoneHeaders => new()
    {
        { "lowercase", """{"alg":"none","kid":"hs-2026","typ":"JWT"}""" },
        { "capitalised", """{"alg":"None","kid":"hs-2026"}""" },
        { "uppercase", """{"alg":"NONE","kid":"hs-2026"}""" },
        { "no kid", """{"alg":"none"}""" },
        { "alg missing", """{"kid":"hs-2026","typ":"JWT"}""" },
    };

    [Theory]
    [MemberData(nameof(NoneHeaders))]
    public async Task ValidateAsync_AlgNoneInAnyCase_IsAlgorithmRefused(string name, string header)
    {
        var payload = TokenTestKeys.Segment(TokenTestKeys.Json(_keys.Claims()));
        var unsigned = TokenTestKeys.Segment(header) + "." + payload + ".";
        var withJunkSignature = unsigned + "c2lnbmF0dXJl";

        Assert.Equal(AccessReason.TokenAlgorithmRefused, (await _keys.ValidateAsync(unsigned, _ring)).Reason);
        Assert.Equal(AccessReason.TokenAlgorithmRefused, (await _keys.ValidateAsync(withJunkSignature, _ring)).Reason);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task ValidateAsync_Hs256SignedWithEcPublicKeyPem_IsAlgorithmRefused()
    {
        // The classic confusion attack: HMAC keyed with the public key the verifier also holds.
        var token = TokenTestKeys.Hs256("""{"alg":"HS256","kid":"ec-2026","typ":"JWT"}""",
            TokenTestKeys.Json(_keys.Claims()), Encoding.UTF8.GetBytes(_keys.EcPublicPem));

        var result = await _keys.ValidateAsync(token, _ring);

        Assert.Equal(AccessReason.TokenAlgorithmRefused, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_Hs256WithPublicKeyPemUnderHmacKid_IsTokenInvalid()
    {
        var token = TokenTestKeys.Hs256("""{"alg":"HS256","kid":"hs-2026"}""",
            TokenTestKeys.Json(_keys.Claims()), Encoding.UTF8.GetBytes(_keys.EcPublicPem));

        Assert.Equal(AccessReason.TokenInvalid, (await _keys.ValidateAsync(token, _ring)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_Es256HeaderOnHmacKid_IsAlgorithmRefused()
    {
        var token = TokenTestKeys.Es256("""{"alg":"ES256","kid":"hs-2026"}""", TokenTestKeys.Json(_keys.Claims()), _keys.Ec);

        Assert.Equal(AccessReason.TokenAlgorithmRefused, (await _keys.ValidateAsync(token, _ring)).Reason);
    }

    public static TheoryData<string, string> BadKidHeaders => new()
    {
        { "unknown", """{"alg":"HS256","kid":"hs-1999"}""" },
        { "path traversal", """{"alg":"HS256","kid":"../../etc/passwd"}""" },
        { "absolute path", """{"alg":"HS256","kid":"/dev/null"}""" },
        { "case variant", """{"alg":"HS256","kid":"HS-2026"}""" },
        { "trailing newline", """{"alg":"HS256","kid":"hs-2026\n"}""" },
        { "sql", """{"alg":"HS256","kid":"x' OR '1'='1"}""" },
        { "empty", """{"alg":"HS256","kid":""}""" },
        { "missing", """{"alg":"HS256"}""" },
    };

    [Theory]
    [MemberData(nameof(BadKidHeaders))]
    public async Task ValidateAsync_UnknownOrPathLikeKid_IsKeyUnknown(string name, string header)
    {
        var token = TokenTestKeys.Hs256(header, TokenTestKeys.Json(_keys.Claims()), Encoding.UTF8.GetBytes(_keys.HsSecret));

        var result = await _keys.ValidateAsync(token, _ring);

        Assert.Equal(AccessReason.TokenKeyUnknown, result.Reason);
        Assert.NotNull(name);
    }

    public static TheoryData<string, AccessReason> TypeCases => new()
    {
        { "\"typ\":\"JWT\",", AccessReason.Allowed },
        { "\"typ\":\"jwt\",", AccessReason.Allowed },
        { "", AccessReason.Allowed },
        { "\"typ\":\"at+jwt\",", AccessReason.TokenTypeInvalid },
        { "\"typ\":\"JWE\",", AccessReason.TokenTypeInvalid },
        { "\"typ\":\"\",", AccessReason.TokenTypeInvalid },
    };

    [Theory]
    [MemberData(nameof(TypeCases))]
    public async Task ValidateAsync_Typ_OnlyJwtOrAbsent(string typMember, AccessReason expected)
    {
        var token = _keys.HsToken(_keys.Claims(), "{" + typMember + "\"alg\":\"HS256\",\"kid\":\"hs-2026\"}");

        Assert.Equal(expected, (await _keys.ValidateAsync(token, _ring)).Reason);
    }

    public static TheoryData<string, string> RefusedHeaders => new()
    {
        { "crit", """{"alg":"HS256","kid":"hs-2026","crit":["exp"]}""" },
        { "zip", """{"alg":"HS256","kid":"hs-2026","zip":"DEF"}""" },
        { "cty nested", """{"alg":"HS256","kid":"hs-2026","cty":"JWT"}""" },
        { "b64", """{"alg":"HS256","kid":"hs-2026","b64":false}""" },
    };

    [Theory]
    [MemberData(nameof(RefusedHeaders))]
    public async Task ValidateAsync_UnsupportedHeaderMember_IsTokenInvalid(string name, string header)
    {
        Assert.Equal(AccessReason.TokenInvalid, (await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(), header), _ring)).Reason);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task ValidateAsync_SignatureBitFlipped_IsTokenInvalid()
    {
        var token = _keys.Issue(_ring);
        var signatureStart = token.LastIndexOf('.') + 1;
        var flipped = token[signatureStart] == 'A' ? 'B' : 'A';
        var tampered = token[..signatureStart] + flipped + token[(signatureStart + 1)..];

        Assert.Equal(AccessReason.TokenInvalid, (await _keys.ValidateAsync(tampered, _ring)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_PayloadSwappedUnderGoodSignature_IsTokenInvalid()
    {
        var good = _keys.Issue(_ring).Split('.');
        var widened = TokenTestKeys.Segment(TokenTestKeys.Json(_keys.Claims(("cam", "*/*"))));

        var result = await _keys.ValidateAsync(good[0] + "." + widened + "." + good[2], _ring);

        Assert.Equal(AccessReason.TokenInvalid, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_SignatureMissing_IsTokenInvalid()
    {
        var token = _keys.Issue(_ring);

        Assert.Equal(AccessReason.TokenInvalid, (await _keys.ValidateAsync(token[..(token.LastIndexOf('.') + 1)], _ring)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_300KbToken_IsTooLargeBeforeParsing()
    {
        // Not even valid base64url: the size check must come before anything reads it.
        var token = new string('!', 300 * 1024);

        var result = await _keys.ValidateAsync(token, _ring);

        Assert.Equal(AccessReason.TokenTooLarge, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_TokenOneByteOverLimit_IsTooLarge()
    {
        var settings = _keys.Settings();
        var ring = _keys.Ring(new TokenSettings { Audience = settings.Audience, Issuers = settings.Issuers, Keys = settings.Keys, MaxTokenBytes = 256 });
        var token = _keys.HsToken(_keys.Claims(("pad", new string('x', 400))));

        Assert.Equal(AccessReason.TokenTooLarge, (await _keys.ValidateAsync(token, ring)).Reason);
    }

    public static TheoryData<string, string> MalformedTokens => new()
    {
        { "empty", "" },
        { "one part", "abc" },
        { "two parts", "eyJhbGciOiJIUzI1NiJ9.e30" },
        { "four parts", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln.c2ln" },
        { "jwe five parts", "eyJhbGciOiJIUzI1NiJ9.a.b.c.d" },
        { "empty header", ".e30.c2ln" },
        { "padded header", "eyJhbGciOiJIUzI1NiJ9=.e30.c2ln" },
        { "standard alphabet", "eyJhbGciOiJIUzI1NiJ9+.e30.c2ln" },
        { "space", "eyJhbGciOiJIUzI1NiJ9 .e30.c2ln" },
        { "header not json", TokenTestKeys.Segment("not json") + ".e30.c2ln" },
        { "header array", TokenTestKeys.Segment("[1]") + ".e30.c2ln" },
        { "header trailing data", TokenTestKeys.Segment("""{"alg":"HS256"}{}""") + ".e30.c2ln" },
        { "duplicate alg", TokenTestKeys.Segment("""{"alg":"HS256","kid":"hs-2026","alg":"none"}""") + ".e30.c2ln" },
        { "escaped duplicate alg", TokenTestKeys.Segment("""{"alg":"HS256","kid":"hs-2026","\u0061lg":"none"}""") + ".e30.c2ln" },
        { "alg not a string", TokenTestKeys.Segment("""{"alg":256,"kid":"hs-2026"}""") + ".e30.c2ln" },
        { "kid not a string", TokenTestKeys.Segment("""{"alg":"HS256","kid":["hs-2026"]}""") + ".e30.c2ln" },
        { "non-ascii", "eyJhbGciOiJIUzI1NiJ9.é30.c2ln" },
        { "nul", "eyJhbGciOiJIUzI1NiJ9.e30\0.c2ln" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task ValidateAsync_NotACompactJws_IsMalformed(string name, string token)
    {
        Assert.Equal(AccessReason.TokenMalformed, (await _keys.ValidateAsync(token, _ring)).Reason);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task ValidateAsync_NonCanonicalLastSignatureCharacter_IsMalformed()
    {
        // HS256: 32 bytes → 43 characters, the last one carries 4 bits and 2 spare bits. Setting a
        // spare bit decodes to the same signature under a lenient decoder; we refuse the text.
        var token = _keys.Issue(_ring);
        var last = token[^1];
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sibling = Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) | 1];
        Assert.NotEqual(last, sibling);

        Assert.Equal(AccessReason.TokenMalformed, (await _keys.ValidateAsync(token[..^1] + sibling, _ring)).Reason);
    }
}
