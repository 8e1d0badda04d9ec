using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

/// <summary>
/// The demo wall's key: accepted only for links that name it, only for its app and only without
/// an operator, whatever the ring holds; never a production key, and its id is reserved.
/// </summary>
public sealed class ScopedSignedUrlKeyTests
{
    private const string DemoSecret = "demo-wall-secret-0123456789abcdef-01234";

    private static readonly ScopedSignedUrlKey DemoKey = new(
        new SignedUrlKey(ScopedSignedUrlKey.DemoWallKeyId, SecretValue.FromText(DemoSecret), SignedUrlAlgorithm.HmacSha256, null), "demo");

    private static SignedUrlResult Check(string link) =>
        new SignedUrlValidator(new FakeTimeProvider(Now), NullLogger<SignedUrlValidator>.Instance, [DemoKey])
            .Validate(Input(link), DefaultRing());

    private static string DemoLink(string path, string? subject = null) =>
        Link(Claims() with { Subject = subject }, "http://cams.example.com:3333" + path, DemoSecret, SignedUrlAlgorithm.HmacSha256, ScopedSignedUrlKey.DemoWallKeyId);

    [Fact]
    public void Validate_DemoKeyLinkForDemoCamera_Allowed()
    {
        var result = Check(DemoLink("/demo/lobby/whep"));

        Assert.Equal(AccessReason.Allowed, result.Reason);
        Assert.Equal(ScopedSignedUrlKey.DemoWallKeyId, result.KeyId);
    }

    [Theory]
    [InlineData("/app/cam1/whep")]
    [InlineData("/demo2/lobby/whep")]
    [InlineData("/dem/lobby/whep")]
    [InlineData("/app/demo/whep")]
    public void Validate_DemoKeyLinkForAnotherApp_NotEntitled(string path)
    {
        var result = Check(DemoLink(path));

        Assert.Equal(AccessReason.NotEntitled, result.Reason);
    }

    [Fact]
    public void Validate_DemoKeyLinkWithOperator_NotEntitled()
    {
        Assert.Equal(AccessReason.NotEntitled, Check(DemoLink("/demo/lobby/whep", subject: "alice")).Reason);
    }

    [Fact]
    public void Validate_DemoKeyLinkNotNamingTheKey_NeverTriesIt()
    {
        var unnamed = Link(Claims(), "http://cams.example.com:3333/demo/lobby/whep", DemoSecret, SignedUrlAlgorithm.HmacSha256);

        // The ring only has an HMAC-SHA1 key: a 32-byte signature that names no scoped key fits nothing.
        Assert.Equal(AccessReason.SignatureMalformed, Check(unnamed).Reason);
    }

    [Fact]
    public void Validate_ProductionKeySignedLinkNamingTheDemoKey_SignatureInvalid()
    {
        var forged = Link(Claims(), "http://cams.example.com:3333/demo/lobby/whep", Secret, SignedUrlAlgorithm.HmacSha256, ScopedSignedUrlKey.DemoWallKeyId);

        Assert.Equal(AccessReason.SignatureInvalid, Check(forged).Reason);
    }

    [Fact]
    public void Validate_DemoKeyWithoutScopedKeyRegistered_Refused()
    {
        var result = Validator().Validate(Input(DemoLink("/demo/lobby/whep")), DefaultRing());

        Assert.False(result.IsAllowed);
    }

    [Fact]
    public void TryCreate_PolicyKeyWithTheReservedId_RefusedWithTheFix()
    {
        var errors = new List<string>();

        var ok = SignedUrlKeyRing.TryCreate(
            new SignedUrlSettings { VirtualHosts = [VHost("default", ["*"], Key(ScopedSignedUrlKey.DemoWallKeyId))] }, "$.signedUrls", errors, out _);

        Assert.False(ok);
        Assert.Equal("$.signedUrls.virtualHosts[0].keys[0].id: \"demo-wall\" is reserved for the demo wall's own key; give the key another id", Assert.Single(errors));
    }
}
