using System.Security.Cryptography;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenKeyRingTests : IDisposable
{
    private readonly TokenTestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public void TryCreate_GoodSettings_BuildsRingWithPinnedAlgorithms()
    {
        var ring = _keys.Ring();

        Assert.Equal(2, ring.Count);
        Assert.True(ring.TryGetKey("hs-2026", out var hs));
        Assert.Equal("HS256", hs!.Algorithm);
        Assert.True(ring.TryGetKey("ec-2026", out var ec));
        Assert.Equal("ES256", ec!.Algorithm);
        Assert.NotNull(ec.SigningKey);
        Assert.Equal(TimeSpan.FromSeconds(30), ring.ClockSkew);
    }

    [Fact]
    public void TryCreate_NoSection_IsAnEmptyRingWithoutAudience()
    {
        var errors = new List<string>();

        Assert.True(TokenKeyRing.TryCreate(null, "tokens", errors, out var ring));
        Assert.Equal(0, ring!.Count);
        Assert.Empty(errors);
    }

    [Fact]
    public void TryCreate_ManyProblems_ReportsEveryOneWithPathAndFix()
    {
        var settings = new TokenSettings
        {
            Audience = null,
            ClockSkewSeconds = 301,
            MaxTokenBytes = 10,
            MaxLifetimeSeconds = 0,
            Issuers = ["a", "a", ""],
            Keys =
            [
                new TokenKeySettings { Kid = "k1", Algorithm = "none", Secret = _keys.HsReference },
                new TokenKeySettings { Kid = "k2", Algorithm = "RS256", Secret = _keys.HsReference },
                new TokenKeySettings { Kid = "k3", Algorithm = "HS256", Secret = _keys.HsReference, PublicKey = _keys.EcPublicReference },
                new TokenKeySettings { Kid = "k4", Algorithm = "ES256", Secret = _keys.HsReference, PublicKey = _keys.EcPublicReference },
                new TokenKeySettings { Kid = "../k5", Algorithm = "HS256", Secret = _keys.HsReference },
                new TokenKeySettings { Kid = "k1", Algorithm = "HS256", Secret = _keys.HsReference },
                new TokenKeySettings { Kid = "k7", Algorithm = "HS256", Secret = _keys.SetVariable("too-short") },
                new TokenKeySettings { Kid = "k8", Algorithm = "HS256", Secret = "env:SS_TEST_JWT_NOT_SET_" + Guid.NewGuid().ToString("N") },
                new TokenKeySettings { Kid = "k9", Algorithm = "ES256", PublicKey = _keys.EcPrivateReference },
                new TokenKeySettings { Kid = "k10", Algorithm = "EdDSA", PublicKey = _keys.EcPublicReference },
                new TokenKeySettings { Kid = "k11", Algorithm = "hs256", Secret = _keys.HsReference },
            ],
        };
        var errors = new List<string>();

        Assert.False(TokenKeyRing.TryCreate(settings, "tokens", errors, out var ring));

        Assert.Null(ring);
        string[] expected =
        [
            "tokens.clockSkewSeconds:", "tokens.maxTokenBytes:", "tokens.maxLifetimeSeconds:", "tokens.audience:",
            "tokens.issuers[1]:", "tokens.issuers[2]:",
            "tokens.keys[0].algorithm: is none", "tokens.keys[1].algorithm:", "tokens.keys[2]: HS256 is an HMAC",
            "tokens.keys[3].secret:", "tokens.keys[4].kid:", "tokens.keys[5].kid: \"k1\" is used by an earlier key",
            "tokens.keys[6].secret:", "tokens.keys[7].secret: environment variable SS_TEST_JWT_NOT_SET_", "tokens.keys[8].publicKey: holds a private key",
            "tokens.keys[9].algorithm:", "tokens.keys[10].algorithm:",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, error => error.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, errors.Count);
        Assert.All(errors, error => Assert.Contains("; ", error, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, error => error.Contains(_keys.HsSecret, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadEcKeys => new()
    {
        { "P-384 key for ES256", ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportSubjectPublicKeyInfoPem() },
        { "RSA key", RSA.Create(2048).ExportSubjectPublicKeyInfoPem() },
        { "not PEM", "hello" },
    };

    [Theory]
    [MemberData(nameof(BadEcKeys))]
    public void TryCreate_WrongPublicKey_IsRefused(string name, string pem)
    {
        var settings = new TokenSettings
        {
            Audience = "a",
            Keys = [new TokenKeySettings { Kid = "ec", Algorithm = "ES256", PublicKey = _keys.WriteFile(pem) }],
        };
        var errors = new List<string>();

        Assert.False(TokenKeyRing.TryCreate(settings, "tokens", errors, out _), name);
        Assert.StartsWith("tokens.keys[0].publicKey:", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_PrivateKeyOfAnotherPair_IsRefused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new TokenSettings
        {
            Audience = "a",
            Keys = [new TokenKeySettings { Kid = "ec", Algorithm = "ES256", PublicKey = _keys.EcPublicReference, PrivateKey = _keys.WriteFile(other.ExportPkcs8PrivateKeyPem()) }],
        };
        var errors = new List<string>();

        Assert.False(TokenKeyRing.TryCreate(settings, "tokens", errors, out _));
        Assert.StartsWith("tokens.keys[0].privateKey: does not belong", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hs-2026", true)]
    [InlineData("a", true)]
    [InlineData("A.b_c-9", true)]
    [InlineData("", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("a\n", false)]
    [InlineData("k\u0456d", false)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    public void IsValidKeyId_Alphabet(string kid, bool expected) => Assert.Equal(expected, TokenKeyRing.IsValidKeyId(kid));

    [Fact]
    public async Task Rotation_OldAndNewKeyOverlap_ThenOldRetires()
    {
        var newSecret = _keys.SetVariable(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        var retiresAt = TokenTestKeys.Start.AddMinutes(5);
        var settings = new TokenSettings
        {
            Audience = TokenTestKeys.Audience,
            Keys =
            [
                new TokenKeySettings { Kid = "hs-2025", Algorithm = "HS256", Secret = _keys.HsReference, NotAfter = retiresAt },
                new TokenKeySettings { Kid = "hs-2026", Algorithm = "HS256", Secret = newSecret },
            ],
        };
        var ring = _keys.Ring(settings);
        var oldToken = _keys.Issue(ring, "hs-2025");
        var newToken = _keys.Issue(ring, "hs-2026");

        // Overlap: both verify.
        Assert.True((await _keys.ValidateAsync(oldToken, ring)).IsAllowed);
        Assert.True((await _keys.ValidateAsync(newToken, ring)).IsAllowed);

        _keys.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(AccessReason.KeyRetired, (await _keys.ValidateAsync(oldToken, ring)).Reason);
        Assert.True((await _keys.ValidateAsync(newToken, ring)).IsAllowed);
    }

    [Fact]
    public async Task Rotation_ForgedTokenUnderRetiredKid_IsTokenInvalidNotKeyRetired()
    {
        var settings = new TokenSettings
        {
            Audience = TokenTestKeys.Audience,
            Keys = [new TokenKeySettings { Kid = "hs-2025", Algorithm = "HS256", Secret = _keys.HsReference, NotAfter = TokenTestKeys.Start.AddDays(-1) }],
        };
        var ring = _keys.Ring(settings);
        var forged = TokenTestKeys.Hs256("""{"alg":"HS256","kid":"hs-2025"}""", TokenTestKeys.Json(_keys.Claims()), new byte[32]);

        Assert.Equal(AccessReason.TokenInvalid, (await _keys.ValidateAsync(forged, ring)).Reason);
    }

    [Fact]
    public async Task EmptyRing_EveryTokenIsKeyUnknown()
    {
        var token = _keys.Issue(_keys.Ring());

        Assert.Equal(AccessReason.TokenKeyUnknown, (await _keys.ValidateAsync(token, TokenKeyRing.Empty)).Reason);
    }
}
