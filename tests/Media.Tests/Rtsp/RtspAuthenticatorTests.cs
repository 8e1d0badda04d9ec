using SecureStream.Media.Rtsp;
using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspAuthenticatorTests
{
    // RFC 7616 §3.9.1: the example for GET /dir/index.html.
    private const string Realm = "http-auth@example.org";
    private const string Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static RtspCredentials Mufasa => new("Mufasa", SecretValue.FromText("Circle of Life"));

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void ComputeResponse_Rfc7616Example_MatchesVector(string algorithm, string expected)
    {
        var response = RtspDigest.ComputeResponse(algorithm, "Mufasa", Realm, "Circle of Life", Nonce, "GET", "/dir/index.html", "auth", "00000001", Cnonce);
        Assert.Equal(expected, response);
    }

    [Fact]
    public void OnUnauthorized_Rfc7616TwoChallenges_AnswersSha256()
    {
        // RFC 7616 §3.9.1 sends both challenges; the stronger one must be answered.
        string[] headers =
        [
            $"Digest realm=\"{Realm}\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"{Nonce}\", opaque=\"{Opaque}\"",
            $"Digest realm=\"{Realm}\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"{Nonce}\", opaque=\"{Opaque}\"",
        ];
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: false, () => Cnonce);
        var decision = auth.OnUnauthorized(headers, previousAttemptFailed: false);
        Assert.False(decision.IsRefused);
        Assert.Equal("SHA-256", decision.Challenge!.Algorithm);

        var header = auth.CreateAuthorization("GET", "/dir/index.html");
        Assert.Equal(
            $"Digest username=\"Mufasa\", realm=\"{Realm}\", nonce=\"{Nonce}\", uri=\"/dir/index.html\", " +
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", algorithm=SHA-256, " +
            $"opaque=\"{Opaque}\", qop=auth, nc=00000001, cnonce=\"{Cnonce}\"",
            header);
        Assert.Contains("nc=00000002", auth.CreateAuthorization("GET", "/dir/index.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void OnUnauthorized_DigestAndBasicInOneHeader_PrefersDigest()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: true);
        var decision = auth.OnUnauthorized([$"Basic realm=\"cam\", Digest realm=\"cam\", nonce=\"abc\""], false);
        Assert.True(decision.Challenge!.IsDigest);
        Assert.Equal("MD5", decision.Challenge.Algorithm);
    }

    [Fact]
    public void OnUnauthorized_BasicOverPlainText_Refused()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: false);
        Assert.Equal(RtspFailureReasons.BasicNotAllowed, auth.OnUnauthorized(["Basic realm=\"cam\""], false).RefusalReason);
    }

    [Fact]
    public void OnUnauthorized_BasicAllowed_AnswersBasic()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: true);
        Assert.False(auth.OnUnauthorized(["Basic realm=\"cam\""], false).IsRefused);
        Assert.Equal("Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl", auth.CreateAuthorization("DESCRIBE", "rtsp://cam/"));
    }

    [Fact]
    public void OnUnauthorized_BasicAfterDigestWasOffered_RefusedAsDowngrade()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: true);
        Assert.False(auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n1\""], false).IsRefused);
        Assert.Equal(RtspFailureReasons.AuthDowngrade, auth.OnUnauthorized(["Basic realm=\"cam\""], true).RefusalReason);
    }

    [Fact]
    public void OnUnauthorized_SameNonceAgain_WrongPassword()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: false);
        Assert.False(auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n1\""], false).IsRefused);
        Assert.Equal(RtspFailureReasons.AuthFailed, auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n1\""], true).RefusalReason);
    }

    [Fact]
    public void OnUnauthorized_StaleNonce_AnswersAgainWithFreshCount()
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: false, () => "c");
        auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n1\", qop=\"auth\""], false);
        auth.CreateAuthorization("DESCRIBE", "rtsp://cam/");
        Assert.False(auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n2\", qop=\"auth\", stale=true"], true).IsRefused);
        Assert.Contains("nc=00000001", auth.CreateAuthorization("DESCRIBE", "rtsp://cam/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Negotiate abc")]
    [InlineData("Digest realm=\"cam\"")]
    [InlineData("Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"cam\", nonce=\"n\", qop=\"auth-int\"")]
    [InlineData("Digest realm=\"unterminated, nonce=\"n\"")]
    [InlineData("")]
    public void OnUnauthorized_NothingUsable_Refused(string header)
    {
        var auth = new RtspAuthenticator(Mufasa, basicAllowed: true);
        Assert.Equal(RtspFailureReasons.AuthUnsupported, auth.OnUnauthorized([header], false).RefusalReason);
    }

    [Fact]
    public void OnUnauthorized_NoCredentials_Refused()
    {
        var auth = new RtspAuthenticator(null, basicAllowed: true);
        Assert.Equal(RtspFailureReasons.AuthRequired, auth.OnUnauthorized(["Digest realm=\"cam\", nonce=\"n\""], false).RefusalReason);
    }

    [Fact]
    public void Credentials_FromUri_DecodesAndRedacts()
    {
        var credentials = RtspCredentials.FromUri(new Uri("rtsp://admin:p%40ss%3Aword@cam.local/stream"))!;
        Assert.Equal("admin", credentials.UserName);
        Assert.Equal("p@ss:word", credentials.RevealPassword());
        Assert.DoesNotContain("p@ss", credentials.ToString(), StringComparison.Ordinal);
        Assert.Null(RtspCredentials.FromUri(new Uri("rtsp://cam.local/stream")));
    }

    [Fact]
    public void Credentials_FromSecretReference_ResolvesPasswordAndRedacts()
    {
        var variable = "SECURESTREAM_TEST_CAMERA_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "hunter2");
        try
        {
            Assert.True(RtspCredentials.TryFromSecretReference("viewer", "env:" + variable, out var credentials, out _));
            Assert.Equal("hunter2", credentials!.RevealPassword());
            Assert.DoesNotContain("hunter2", credentials.ToString(), StringComparison.Ordinal);
            Assert.False(RtspCredentials.TryFromSecretReference("viewer", "hunter2", out _, out var error));
            Assert.NotEmpty(error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
