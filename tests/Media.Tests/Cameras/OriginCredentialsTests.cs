using SecureStream.Media.Cameras;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

/// <summary>Camera credentials from a secret reference: used for the pull, never shown.</summary>
public sealed class OriginCredentialsTests
{
    [Fact]
    public void Find_UserAndPasswordReference_UrlCarriesThemRedacted()
    {
        using var secret = new TempSecret("p@ss:word/1");
        var origin = StaticOriginMapTests.Origin("/app/cam1", "10.0.0.5:554/stream1");
        origin.User = "viewer";
        origin.Password = secret.Reference;

        var camera = StaticOriginMapTests.Map(origin).Find(new CameraPath("app", "cam1"))!;

        var url = Assert.Single(camera.Urls);
        Assert.DoesNotContain("p@ss", url.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", camera.ToString(), StringComparison.Ordinal);
        var pulled = Assert.Single(CameraPullPlan.UrlsOf(camera));
        Assert.Equal("viewer:p%40ss%3Aword%2F1", pulled.UserInfo);
        Assert.Equal("viewer", url.Credentials!.UserName);
        Assert.Equal("p@ss:word/1", System.Text.Encoding.UTF8.GetString(url.Credentials.Password!.Span));
    }

    [Fact]
    public void Validate_PasswordReferenceMissing_NamesTheKey()
    {
        var origin = StaticOriginMapTests.Origin("/app/cam1", "10.0.0.5:554/stream1");
        origin.User = "viewer";
        origin.Password = "env:SECURESTREAM_TEST_CAMERA_PASSWORD_NOT_SET";
        var errors = new List<string>();

        OriginMapOptionsValidator.Build(new OriginMapOptions { Origins = [origin] }, errors);

        Assert.Contains(errors, e => e.StartsWith("OriginMap:Origins:0:Password:", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_UrlWithOwnUserinfo_KeepsIt()
    {
        using var secret = new TempSecret("configured");
        var origin = StaticOriginMapTests.Origin("/app/cam1", "own:inline@10.0.0.5/stream1");
        origin.User = "viewer";
        origin.Password = secret.Reference;

        var camera = StaticOriginMapTests.Map(origin).Find(new CameraPath("app", "cam1"))!;

        Assert.Equal("own", Assert.Single(camera.Urls).Credentials!.UserName);
    }
}
