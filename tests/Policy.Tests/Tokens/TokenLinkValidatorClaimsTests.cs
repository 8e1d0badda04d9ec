using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenLinkValidatorClaimsTests : IDisposable
{
    private static readonly long Now = TokenTestKeys.Start.ToUnixTimeSeconds();

    private readonly TokenTestKeys _keys = new();
    private readonly TokenKeyRing _ring;

    public TokenLinkValidatorClaimsTests() => _ring = _keys.Ring();

    public void Dispose() => _keys.Dispose();

    public static TheoryData<string, string, object?, AccessReason> ClaimCases => new()
    {
        // Skew 30 s: inside passes, outside fails.
        { "exp 29 s ago", "exp", Now - 29, AccessReason.Allowed },
        { "exp 30 s ago", "exp", Now - 30, AccessReason.Allowed },
        { "exp 31 s ago", "exp", Now - 31, AccessReason.TokenExpired },
        { "exp missing", "exp", null, AccessReason.TokenClaimMissing },
        { "exp a string", "exp", "tomorrow", AccessReason.TokenMalformed },
        { "exp negative", "exp", -1, AccessReason.TokenMalformed },
        { "exp in milliseconds", "exp", (Now + 600) * 1000, AccessReason.TokenMalformed },
        { "nbf 29 s ahead", "nbf", Now + 29, AccessReason.Allowed },
        { "nbf 31 s ahead", "nbf", Now + 31, AccessReason.TokenNotYetValid },
        { "iat 31 s ahead", "iat", Now + 31, AccessReason.TokenNotYetValid },
        { "lifetime one day", "exp", Now + 86400, AccessReason.Allowed },
        { "lifetime above max", "exp", Now + 86401, AccessReason.TokenLifetimeTooLong },
        { "aud wrong", "aud", "other-gateway", AccessReason.TokenAudienceInvalid },
        { "aud missing", "aud", null, AccessReason.TokenAudienceInvalid },
        { "aud trailing slash", "aud", TokenTestKeys.Audience + "/", AccessReason.TokenAudienceInvalid },
        { "aud other case", "aud", "SecureStream", AccessReason.TokenAudienceInvalid },
        { "aud array with ours", "aud", new[] { "x", TokenTestKeys.Audience }, AccessReason.Allowed },
        { "iss wrong", "iss", "https://evil.example", AccessReason.TokenIssuerInvalid },
        { "iss missing", "iss", null, AccessReason.TokenIssuerInvalid },
        { "sub missing", "sub", null, AccessReason.TokenClaimMissing },
        { "sub empty", "sub", "", AccessReason.TokenMalformed },
        { "sub a number", "sub", 7, AccessReason.TokenMalformed },
        { "cam missing", "cam", null, AccessReason.TokenClaimMissing },
        { "cam empty array", "cam", Array.Empty<string>(), AccessReason.TokenClaimMissing },
        { "cam other camera", "cam", "app/hall", AccessReason.NotEntitled },
        { "cam other app", "cam", "other/lobby-*", AccessReason.NotEntitled },
        { "cam exact", "cam", "app/lobby-1", AccessReason.Allowed },
        { "cam array", "cam", new[] { "app/hall", "app/lobby-*" }, AccessReason.Allowed },
        { "cam prefix is not a match", "cam", "app/lobby", AccessReason.NotEntitled },
        { "cam traversal", "cam", "app/../lobby-1", AccessReason.TokenMalformed },
        { "cam not a string", "cam", new[] { 1 }, AccessReason.TokenMalformed },
        { "cidr containing", "cidr", "10.0.0.0/24", AccessReason.Allowed },
        { "cidr not containing", "cidr", "10.0.1.0/24", AccessReason.AddressNotAllowed },
        { "cidr array", "cidr", new[] { "192.168.0.0/16", "10.0.0.0/8" }, AccessReason.Allowed },
        { "cidr empty array", "cidr", Array.Empty<string>(), AccessReason.AddressNotAllowed },
        { "cidr ipv6 only", "cidr", "2001:db8::/32", AccessReason.AddressNotAllowed },
        { "cidr invalid", "cidr", "10.0.0.0/33", AccessReason.TokenMalformed },
        { "cidr host bits", "cidr", "10.0.0.5/24", AccessReason.TokenMalformed },
        { "sx past", "sx", Now - 1, AccessReason.StreamExpired },
        { "sx future", "sx", Now + 60, AccessReason.Allowed },
        { "jti a number", "jti", 5, AccessReason.TokenMalformed },
    };

    [Theory]
    [MemberData(nameof(ClaimCases))]
    public async Task ValidateAsync_Claim_GivesReason(string name, string claim, object? value, AccessReason expected)
    {
        var token = _keys.HsToken(_keys.Claims((claim, value)));

        var result = await _keys.ValidateAsync(token, _ring);

        Assert.True(expected == result.Reason, $"{name}: expected {expected}, got {result.Reason} ({result.Detail})");
    }

    public static TheoryData<string, long?, long?, long, AccessReason> LifetimeCases => new()
    {
        { "from iat", Now - 100, null, Now + 86300, AccessReason.Allowed },
        { "from iat too long", Now - 100, null, Now + 86301, AccessReason.TokenLifetimeTooLong },
        { "from nbf when no iat", null, Now - 100, Now + 86301, AccessReason.TokenLifetimeTooLong },
        { "from now when neither", null, null, Now + 86400, AccessReason.Allowed },
        { "from now too long", null, null, Now + 86401, AccessReason.TokenLifetimeTooLong },
    };

    [Theory]
    [MemberData(nameof(LifetimeCases))]
    public async Task ValidateAsync_Lifetime_MeasuredFromIatThenNbfThenNow(string name, long? iat, long? nbf, long exp, AccessReason expected)
    {
        var token = _keys.HsToken(_keys.Claims(("iat", iat), ("nbf", nbf), ("exp", exp)));

        var result = await _keys.ValidateAsync(token, _ring);

        Assert.True(expected == result.Reason, $"{name}: expected {expected}, got {result.Reason} ({result.Detail})");
    }

    [Fact]
    public async Task ValidateAsync_ExpiryFollowsInjectedClock_NotWallClock()
    {
        var token = _keys.Issue(_ring); // exp = start + 10 min

        _keys.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        Assert.True((await _keys.ValidateAsync(token, _ring)).IsAllowed);

        _keys.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AccessReason.TokenExpired, (await _keys.ValidateAsync(token, _ring)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_ZeroSkew_RefusesOneSecondLate()
    {
        var settings = _keys.Settings();
        var ring = _keys.Ring(new TokenSettings { Audience = settings.Audience, Issuers = settings.Issuers, Keys = settings.Keys, ClockSkewSeconds = 0 });

        Assert.True((await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(("exp", Now))), ring)).IsAllowed);
        Assert.Equal(AccessReason.TokenExpired, (await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(("exp", Now - 1))), ring)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_DuplicateClaim_IsMalformed()
    {
        var claims = TokenTestKeys.Json(_keys.Claims(("cam", "app/hall")));
        var duplicated = claims[..^1] + ""","cam":"*/*"}""";
        var token = TokenTestKeys.Hs256("""{"alg":"HS256","kid":"hs-2026"}""", duplicated, System.Text.Encoding.UTF8.GetBytes(_keys.HsSecret));

        Assert.Equal(AccessReason.TokenMalformed, (await _keys.ValidateAsync(token, _ring)).Reason);
    }

    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("::ffff:10.0.0.5", true)]
    [InlineData("10.0.1.5", false)]
    [InlineData("2001:db8::5", false)]
    public async Task ValidateAsync_CidrClaim_ChecksClientAddress(string client, bool allowed)
    {
        var request = new TokenIssueRequest("op-1", ["app/*"], TimeSpan.FromMinutes(1)) { Cidrs = ["10.0.0.0/24"] };
        var token = _keys.Issue(_ring, request: request);

        var result = await _keys.ValidateAsync(token, _ring, client: IPAddress.Parse(client));

        Assert.Equal(allowed ? AccessReason.Allowed : AccessReason.AddressNotAllowed, result.Reason);
    }

    [Theory]
    [InlineData("app", "lobby-1", true)]
    [InlineData("app", "lobby-", true)]
    [InlineData("app", "lobby-east-2", true)]
    [InlineData("app", "hall-1", false)]
    [InlineData("app", "xlobby-1", false)]
    [InlineData("other", "lobby-1", false)]
    public async Task ValidateAsync_CamPattern_MatchesPerSegment(string app, string stream, bool allowed)
    {
        var token = _keys.Issue(_ring); // cam = app/lobby-*

        var result = await _keys.ValidateAsync(token, _ring, camera: new CameraPath(app, stream));

        Assert.Equal(allowed ? AccessReason.Allowed : AccessReason.NotEntitled, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_RequireJti_RefusesTokenWithoutJti()
    {
        var settings = _keys.Settings();
        var ring = _keys.Ring(new TokenSettings { Audience = settings.Audience, Issuers = settings.Issuers, Keys = settings.Keys, RequireJti = true });

        Assert.Equal(AccessReason.TokenClaimMissing, (await _keys.ValidateAsync(_keys.HsToken(_keys.Claims()), ring)).Reason);
        Assert.True((await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(("jti", "l-1"))), ring)).IsAllowed);
    }

    [Fact]
    public async Task ValidateAsync_NoIssuersConfigured_IssuerNotChecked()
    {
        var settings = _keys.Settings();
        var ring = _keys.Ring(new TokenSettings { Audience = settings.Audience, Keys = settings.Keys });

        Assert.True((await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(("iss", null))), ring)).IsAllowed);
    }
}
