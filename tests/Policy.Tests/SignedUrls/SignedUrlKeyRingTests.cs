using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedUrlKeyRingTests
{
    [Fact]
    public void TryCreate_Defaults_EmptyRingRefusesEveryHost()
    {
        var ring = Ring(new SignedUrlSettings());
        Assert.Equal("policy", ring.Names.Policy);
        Assert.Equal("signature", ring.Names.Signature);
        Assert.Equal(1024, ring.MaxPolicyBytes);
        Assert.False(ring.TryResolve("cams.example.com", out _));
    }

    [Theory]
    [InlineData("cams.example.com", "site")]
    [InlineData("CAMS.Example.com:8443", "site")]
    [InlineData("[2001:db8::1]:443", "v6")]
    [InlineData("other.example.com", "fallback")]
    [InlineData("10.0.0.1:3333", "fallback")]
    public void TryResolve_HostHeader_VirtualHost(string hostHeader, string expected)
    {
        var ring = Ring(
            VHost("site", ["cams.example.com"], Key("a")),
            VHost("v6", ["[2001:db8::1]"], Key("b")),
            VHost("fallback", ["*"], Key("c")));
        Assert.True(ring.TryResolve(hostHeader, out var vhost));
        Assert.Equal(expected, vhost!.Name);
    }

    [Theory]
    [InlineData("other.example.com")]
    [InlineData("")]
    [InlineData("cams.example.com:99999")]
    [InlineData("cams.example.com\r\nX: y")]
    public void TryResolve_NoMatchWithoutFallback_False(string hostHeader)
    {
        var ring = Ring(VHost("site", ["cams.example.com"], Key("a")));
        Assert.False(ring.TryResolve(hostHeader, out _));
    }

    [Fact]
    public void TryResolve_MalformedHostEvenWithFallback_False()
    {
        Assert.False(DefaultRing().TryResolve("a b", out _));
    }

    public static TheoryData<string, SignedUrlSettings, string> Invalid => new()
    {
        { "param empty", new SignedUrlSettings { PolicyParam = "", VirtualHosts = [VHost("a", ["*"], Key("k"))] }, "signedUrls.policyParam:" },
        { "params equal", new SignedUrlSettings { PolicyParam = "sig", SignatureParam = "SIG", VirtualHosts = [VHost("a", ["*"], Key("k"))] }, "signedUrls.signatureParam: equals policyParam" },
        { "size too small", new SignedUrlSettings { MaxPolicyBytes = 10, VirtualHosts = [VHost("a", ["*"], Key("k"))] }, "signedUrls.maxPolicyBytes:" },
        { "duplicate vhost name", new SignedUrlSettings { VirtualHosts = [VHost("a", ["x.example"], Key("k")), VHost("A", ["y.example"], Key("k"))] }, "signedUrls.virtualHosts[1].name:" },
        { "missing name", new SignedUrlSettings { VirtualHosts = [VHost("", ["*"], Key("k"))] }, "signedUrls.virtualHosts[0].name: is missing" },
        { "two fallbacks", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("k")), VHost("b", ["*"], Key("k"))] }, "signedUrls.virtualHosts[1].hosts[0]: a second virtual host uses \"*\"" },
        { "host with port", new SignedUrlSettings { VirtualHosts = [VHost("a", ["cams.example.com:443"], Key("k"))] }, "signedUrls.virtualHosts[0].hosts[0]:" },
        { "host with scheme", new SignedUrlSettings { VirtualHosts = [VHost("a", ["https://cams.example.com"], Key("k"))] }, "signedUrls.virtualHosts[0].hosts[0]:" },
        { "host twice", new SignedUrlSettings { VirtualHosts = [VHost("a", ["x.example"], Key("k")), VHost("b", ["X.example"], Key("k"))] }, "signedUrls.virtualHosts[1].hosts[0]: \"X.example\" is listed twice" },
        { "no hosts", new SignedUrlSettings { VirtualHosts = [VHost("a", [], Key("k"))] }, "signedUrls.virtualHosts[0].hosts: is empty" },
        { "no keys", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"])] }, "signedUrls.virtualHosts[0].keys: is empty" },
        { "duplicate key id", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("k"), Key("k"))] }, "signedUrls.virtualHosts[0].keys[1].id:" },
        { "bad key id", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("../k"))] }, "signedUrls.virtualHosts[0].keys[0].id:" },
        { "unknown algorithm", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("k", algorithm: "none"))] }, "signedUrls.virtualHosts[0].keys[0].algorithm:" },
        { "short secret", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("k", secret: "short"))] }, "signedUrls.virtualHosts[0].keys[0].secret: is 5 bytes" },
        { "literal secret", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], new SignedUrlKeySettings { Id = "k", Secret = Secret })] }, "signedUrls.virtualHosts[0].keys[0].secret: must start with env: or file:" },
        { "unset variable", new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], new SignedUrlKeySettings { Id = "k", Secret = "env:SS_TEST_NOT_SET_EVER" })] }, "signedUrls.virtualHosts[0].keys[0].secret: environment variable SS_TEST_NOT_SET_EVER is not set; set it in the gateway's environment" },
        { "SHA1 where strong required", new SignedUrlSettings { VirtualHosts = [new SignedUrlVirtualHostSettings { Name = "a", Hosts = ["*"], Keys = [Key("k")], RequireStrongAlgorithm = true }] }, "signedUrls.virtualHosts[0].keys[0].algorithm: HMAC-SHA1 is refused" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryCreate_Invalid_ErrorNamesPathAndFix(string because, SignedUrlSettings settings, string expectedStart)
    {
        var errors = new List<string>();
        Assert.False(SignedUrlKeyRing.TryCreate(settings, "signedUrls", errors, out var ring), because);
        Assert.Null(ring);
        Assert.Contains(errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal) && e.Contains(';', StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_SeveralProblems_AllReported()
    {
        var settings = new SignedUrlSettings
        {
            MaxPolicyBytes = 0,
            VirtualHosts = [VHost("a", ["bad host"], Key("k", secret: "short"), Key("k", algorithm: "HMAC-MD5"))],
        };
        var errors = new List<string>();
        Assert.False(SignedUrlKeyRing.TryCreate(settings, "signedUrls", errors, out _));
        Assert.True(errors.Count >= 5, string.Join("\n", errors));
    }

    [Fact]
    public void TryCreate_ErrorsNeverContainSecret()
    {
        var settings = new SignedUrlSettings { VirtualHosts = [VHost("a", ["*"], Key("k", secret: "tiny-secret"))] };
        var errors = new List<string>();
        Assert.False(SignedUrlKeyRing.TryCreate(settings, "signedUrls", errors, out _));
        Assert.DoesNotContain(errors, e => e.Contains("tiny-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_StrongRequiredWithSha256_Built()
    {
        var ring = Ring(new SignedUrlVirtualHostSettings { Name = "a", Hosts = ["*"], Keys = [Key("k", algorithm: "HMAC-SHA256")], RequireStrongAlgorithm = true });
        Assert.True(ring.TryResolve("x.example", out var vhost));
        Assert.True(vhost!.AcceptsSha256);
        Assert.False(vhost.AcceptsSha1);
    }
}
