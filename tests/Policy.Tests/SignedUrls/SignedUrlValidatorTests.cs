using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedUrlValidatorTests
{
    private static readonly SignedUrlKeyRing Default = DefaultRing();

    private static SignedUrlResult Check(string link, SignedUrlKeyRing? ring = null, DateTimeOffset? now = null, int? localPort = null,
        string? hostHeader = null, IPAddress? peer = null, IPAddress? client = null) =>
        Validator(now).Validate(Input(link, localPort, hostHeader, peer, client), ring ?? Default);

    private static string ValidLink => Link(Claims());

    private static string SignatureOf(string link) => link[(link.LastIndexOf("signature=", StringComparison.Ordinal) + 10)..];

    private static string WithSignature(string link, string signature) =>
        link[..(link.LastIndexOf("signature=", StringComparison.Ordinal) + 10)] + signature;

    [Fact]
    public void Validate_FreshLink_AllowedWithClaimsAndKey()
    {
        var result = Check(Link(Claims() with { Subject = "alice", LinkId = "j1" }));
        Assert.True(result.IsAllowed, result.Detail);
        Assert.Equal("k1", result.KeyId);
        Assert.Equal("alice", result.Claims!.Subject);
        Assert.Equal("j1", result.Claims.LinkId);
    }

    [Fact]
    public void Validate_HostHeaderWithoutPort_ServerInsertsListeningPort()
    {
        // A browser drops :443 from wss://host:443/…; the server inserts its own port, even 443.
        Assert.True(Check(ValidLink, localPort: 443, hostHeader: "cams.example.com").IsAllowed);
        Assert.Equal(AccessReason.SignatureInvalid, Check(ValidLink, localPort: 8443, hostHeader: "cams.example.com").Reason);
    }

    public static TheoryData<string, string> SignatureShapes => new()
    {
        { "empty", "" },
        { "truncated", "dvVdBpoxAeCPl94Kt5RoiqLI0Y" },
        { "padded", "dvVdBpoxAeCPl94Kt5RoiqLI0YE=" },
        { "standard alphabet +", "dvVdBpoxAeCPl94Kt5Roiq+I0YE" },
        { "standard alphabet /", "dvVdBpoxAeCPl94Kt5Roiq/I0YE" },
        { "non-canonical trailing bits", "dvVdBpoxAeCPl94Kt5RoiqLI0YF" },
        { "percent-encoded", "dvVdBpoxAeCPl94Kt5RoiqLI0Y%45" },
        { "too long", "dvVdBpoxAeCPl94Kt5RoiqLI0YEdvVdBpoxAeCPl94Kt5RoiqLI0YE" },
        { "SHA-256 length on a SHA-1-only host", new string('A', 43) },
    };

    [Theory]
    [MemberData(nameof(SignatureShapes))]
    public void Validate_BadSignatureShape_MissingOrMalformed(string because, string signature)
    {
        var result = Check(WithSignature(ValidLink, signature));
        var expected = signature.Length == 0 ? AccessReason.SignatureMissing : AccessReason.SignatureMalformed;
        Assert.True(expected == result.Reason, $"{because}: {result.Reason}");
        Assert.Null(result.Claims);
    }

    [Fact]
    public void Validate_NoSignatureParameter_SignatureMissing()
    {
        var link = ValidLink;
        Assert.Equal(AccessReason.SignatureMissing, Check(link[..link.LastIndexOf("&signature=", StringComparison.Ordinal)]).Reason);
    }

    [Fact]
    public void Validate_BitFlippedSignature_SignatureInvalid()
    {
        var link = ValidLink;
        var signature = SignatureOf(link).ToCharArray();
        signature[3] = signature[3] == 'A' ? 'B' : 'A';
        var result = Check(WithSignature(link, new string(signature)));
        Assert.Equal(AccessReason.SignatureInvalid, result.Reason);
        Assert.Null(result.Claims);
        Assert.DoesNotContain(SignatureOf(link), result.Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PathChangedAfterSigning_SignatureInvalid() =>
        Assert.Equal(AccessReason.SignatureInvalid, Check(ValidLink.Replace("/app/cam1?", "/app/cam2?", StringComparison.Ordinal)).Reason);

    [Theory]
    [InlineData("&transport=tcp")]
    [InlineData("&direction=whep")]
    [InlineData("&x")]
    public void Validate_ParameterAppendedAfterSigning_SignatureInvalid(string appended) =>
        Assert.Equal(AccessReason.SignatureInvalid, Check(ValidLink + appended).Reason);

    [Fact]
    public void Validate_ParameterSignedAlong_Allowed() =>
        Assert.True(Check(Link(Claims(), "wss://cams.example.com:443/app/cam1?transport=tcp&direction=whep")).IsAllowed);

    [Fact]
    public void Validate_PortLeftOutOfSignedUrl_SignatureInvalid()
    {
        // The OME pitfall: the generator signed wss://host/app/cam1 without a port; the server adds 443.
        var claims = StrictBase64Url.Encode(SignedUrlSigner.SerializePolicy(Claims()));
        var unsigned = "wss://cams.example.com/app/cam1?policy=" + claims;
        var signature = SignedUrlSigner.ComputeSignature(unsigned, SecureStream.Policy.Secrets.SecretValue.FromText(Secret), SignedUrlAlgorithm.HmacSha1);
        Assert.Equal(AccessReason.SignatureInvalid, Check(unsigned + "&signature=" + signature, localPort: 443).Reason);
    }

    [Fact]
    public void Validate_OtherVirtualHostsHostHeader_Refused()
    {
        var ring = Ring(VHost("a", ["a.example"], Key("ka", Secret)), VHost("b", ["b.example"], Key("kb", OtherSecret)));
        var link = Link(Claims(), "wss://a.example:443/app/cam1");
        Assert.True(Check(link, ring).IsAllowed);
        Assert.Equal(AccessReason.SignatureInvalid, Check(link, ring, hostHeader: "b.example:443").Reason);
        Assert.Equal(AccessReason.UnknownHost, Check(link, ring, hostHeader: "c.example:443").Reason);
    }

    [Fact]
    public void Validate_SameSecretOtherHost_SignatureInvalidBecauseHostIsSigned()
    {
        var ring = Ring(VHost("both", ["a.example", "b.example"], Key("k", Secret)));
        Assert.Equal(AccessReason.SignatureInvalid, Check(Link(Claims(), "wss://a.example:443/app/cam1"), ring, hostHeader: "b.example:443").Reason);
    }

    [Theory]
    [InlineData("&signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("&policy=eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ")]
    public void Validate_ReservedParameterTwice_DuplicateParameter(string appended) =>
        Assert.Equal(AccessReason.DuplicateParameter, Check(ValidLink + appended).Reason);

    [Theory]
    [InlineData("&SIGNATURE=AAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("&Policy=eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ")]
    public void Validate_ReservedParameterOtherCase_AmbiguousTarget(string appended) =>
        Assert.Equal(AccessReason.AmbiguousTarget, Check(ValidLink + appended).Reason);

    [Fact]
    public void Validate_SignatureNameRecased_AmbiguousTarget()
    {
        // OME strips signature pairs case-insensitively, so this would verify there; we refuse a second spelling.
        Assert.Equal(AccessReason.AmbiguousTarget, Check(ValidLink.Replace("&signature=", "&Signature=", StringComparison.Ordinal)).Reason);
    }

    [Fact]
    public void Validate_SignatureWithoutPolicy_PolicyMalformed() =>
        Assert.Equal(AccessReason.PolicyMalformed, Check("wss://cams.example.com:443/app/cam1?signature=dvVdBpoxAeCPl94Kt5RoiqLI0YE").Reason);

    [Fact]
    public void Validate_PolicyTooLarge_PolicyTooLarge() =>
        Assert.Equal(AccessReason.PolicyTooLarge, Check("wss://cams.example.com:443/app/cam1?policy=" + new string('e', 5000) + "&signature=dvVdBpoxAeCPl94Kt5RoiqLI0YE").Reason);

    [Fact]
    public void Validate_ForgedPolicyWithStolenSignature_SignatureInvalid()
    {
        // Keep a valid signature, swap in a policy with a later expiry.
        var link = ValidLink;
        var forged = Link(Claims(TimeSpan.FromDays(365)));
        var forgedPolicy = forged[(forged.IndexOf("policy=", StringComparison.Ordinal) + 7)..forged.IndexOf("&signature", StringComparison.Ordinal)];
        var tampered = "wss://cams.example.com:443/app/cam1?policy=" + forgedPolicy + "&signature=" + SignatureOf(link);
        Assert.Equal(AccessReason.SignatureInvalid, Check(tampered).Reason);
    }

    public static TheoryData<string, long, AccessReason> Times => new()
    {
        { "url_expire == now passes", 0, AccessReason.Allowed },
        { "url_expire 1 ms before now", -1, AccessReason.LinkExpired },
        { "url_expire long past", -86_400_000, AccessReason.LinkExpired },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Validate_UrlExpireBoundary_Exact(string because, long offsetMs, AccessReason expected)
    {
        var link = Link(new SignedPolicyClaims(Now.AddMilliseconds(offsetMs)));
        Assert.True(expected == Check(link).Reason, because);
        Assert.Equal(AccessReason.LinkExpired, Check(Link(new SignedPolicyClaims(Now)), now: Now.AddMilliseconds(1)).Reason);
    }

    [Fact]
    public void Validate_NotYetActive_LinkNotActiveAtBoundary()
    {
        var link = Link(Claims() with { UrlActivate = Now.AddMilliseconds(1) });
        var result = Check(link);
        Assert.Equal(AccessReason.LinkNotActive, result.Reason);
        Assert.NotNull(result.Claims);
        Assert.True(Check(link, now: Now.AddMilliseconds(1)).IsAllowed);
    }

    [Fact]
    public void Validate_StreamExpired_StreamExpired()
    {
        Assert.Equal(AccessReason.StreamExpired, Check(Link(Claims() with { StreamExpire = Now.AddMilliseconds(-1) })).Reason);
        Assert.True(Check(Link(Claims() with { StreamExpire = Now })).IsAllowed);
    }

    public static TheoryData<string, string?, string?, string, string, AccessReason> Addresses => new()
    {
        { "allow_ip contains peer", "203.0.113.0/24", null, "203.0.113.7", "198.51.100.1", AccessReason.Allowed },
        { "allow_ip excludes peer", "198.51.100.0/24", null, "203.0.113.7", "198.51.100.1", AccessReason.AddressNotAllowed },
        { "allow_ip bare address", "203.0.113.7", null, "203.0.113.7", "203.0.113.7", AccessReason.Allowed },
        { "allow_ip v4 matches v4-mapped peer", "203.0.113.0/24", null, "::ffff:203.0.113.7", "::ffff:203.0.113.7", AccessReason.Allowed },
        { "real_ip contains client", null, "198.51.100.0/24", "203.0.113.7", "198.51.100.1", AccessReason.Allowed },
        { "real_ip checks client not peer", null, "203.0.113.0/24", "203.0.113.7", "198.51.100.1", AccessReason.AddressNotAllowed },
        { "IPv6 CIDR contains", "2001:db8:1::/48", null, "2001:db8:1::42", "2001:db8:1::42", AccessReason.Allowed },
        { "IPv6 CIDR excludes", "2001:db8:1::/48", null, "2001:db8:2::42", "2001:db8:2::42", AccessReason.AddressNotAllowed },
        { "IPv6 CIDR vs IPv4 peer", "2001:db8:1::/48", null, "203.0.113.7", "203.0.113.7", AccessReason.AddressNotAllowed },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Validate_AddressBinding_AsCidr(string because, string? allowIp, string? realIp, string peer, string client, AccessReason expected)
    {
        var claims = Claims() with
        {
            AllowIp = allowIp is null ? null : IPNetwork.Parse(allowIp.Contains('/', StringComparison.Ordinal) ? allowIp : allowIp + "/32"),
            RealIp = realIp is null ? null : IPNetwork.Parse(realIp),
        };
        var result = Check(Link(claims), peer: IPAddress.Parse(peer), client: IPAddress.Parse(client));
        Assert.True(expected == result.Reason, $"{because}: {result.Reason}");
    }

    [Fact]
    public void Validate_RotationOverlap_BothKeysValidThenOldRetired()
    {
        var notAfter = Now.AddHours(1);
        var ring = Ring(VHost("default", ["*"], Key("old", Secret, notAfter: notAfter), Key("new", OtherSecret)));
        var oldLink = Link(Claims(TimeSpan.FromDays(1)), secret: Secret);
        var newLink = Link(Claims(TimeSpan.FromDays(1)), secret: OtherSecret);

        Assert.Equal("old", Check(oldLink, ring).KeyId);
        Assert.True(Check(oldLink, ring).IsAllowed);
        Assert.Equal("new", Check(newLink, ring).KeyId);
        Assert.True(Check(oldLink, ring, now: notAfter).IsAllowed);

        var retired = Check(oldLink, ring, now: notAfter.AddMilliseconds(1));
        Assert.Equal(AccessReason.KeyRetired, retired.Reason);
        Assert.Equal("old", retired.KeyId);
        Assert.True(Check(newLink, ring, now: notAfter.AddMilliseconds(1)).IsAllowed);
    }

    [Fact]
    public void Validate_RetiredKeyAndExpiredLink_ExpiryReportedFirst()
    {
        var ring = Ring(VHost("default", ["*"], Key("old", Secret, notAfter: Now.AddHours(-1))));
        Assert.Equal(AccessReason.LinkExpired, Check(Link(Claims(TimeSpan.FromMinutes(-1))), ring).Reason);
    }

    [Fact]
    public void Validate_KidSelectsOnlyThatKey()
    {
        var ring = Ring(VHost("default", ["*"], Key("a", Secret), Key("b", OtherSecret)));
        Assert.Equal("b", Check(Link(Claims(), secret: OtherSecret, keyId: "b"), ring).KeyId);

        // Signed with a's secret but naming b: only b is tried, so it fails although a would match.
        Assert.Equal(AccessReason.SignatureInvalid, Check(Link(Claims(), secret: Secret, keyId: "b"), ring).Reason);
        Assert.Equal(AccessReason.SignatureInvalid, Check(Link(Claims(), secret: Secret, keyId: "zz"), ring).Reason);
    }

    [Fact]
    public void Validate_Sha256Key_AllowedAndSha1SignatureMalformed()
    {
        var ring = Ring(VHost("default", ["*"], Key("s", Secret, algorithm: "HMAC-SHA256")));
        Assert.True(Check(Link(Claims(), algorithm: SignedUrlAlgorithm.HmacSha256), ring).IsAllowed);
        Assert.Equal(AccessReason.SignatureMalformed, Check(Link(Claims()), ring).Reason);
    }

    [Fact]
    public void Validate_KidNamesKeyOfOtherAlgorithm_SignatureMalformed()
    {
        var ring = Ring(VHost("default", ["*"], Key("sha1", Secret), Key("sha256", OtherSecret, algorithm: "HMAC-SHA256")));
        Assert.Equal(AccessReason.SignatureMalformed, Check(Link(Claims(), secret: Secret, keyId: "sha256"), ring).Reason);
        Assert.True(Check(Link(Claims(), secret: OtherSecret, algorithm: SignedUrlAlgorithm.HmacSha256, keyId: "sha256"), ring).IsAllowed);
    }

    [Fact]
    public void Validate_CustomParameterNames_Honoured()
    {
        var ring = Ring(new SignedUrlSettings { PolicyParam = "p", SignatureParam = "s", VirtualHosts = [VHost("d", ["*"], Key("k"))] });
        var link = SignedUrlSigner.CreateLink(new Uri("wss://cams.example.com:443/app/cam1"), Claims(), null,
            SecureStream.Policy.Secrets.SecretValue.FromText(Secret), SignedUrlAlgorithm.HmacSha1, new SignedUrlParameterNames("p", "s"));
        Assert.Contains("?p=", link, StringComparison.Ordinal);
        Assert.True(Check(link, ring).IsAllowed);
        Assert.Equal(AccessReason.SignatureMissing, Check(ValidLink, ring).Reason);
    }

    [Fact]
    public void Validate_NullQueryAndAddresses_NoThrow()
    {
        var input = new SignedUrlInput("wss", "cams.example.com", 443, "/app/cam1", null!, null!, null!);
        Assert.Equal(AccessReason.SignatureMissing, Validator().Validate(input, Default).Reason);
    }
}
