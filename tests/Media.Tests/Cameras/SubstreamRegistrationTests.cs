using SecureStream.Media.Cameras;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

/// <summary>
/// A substream can be named wherever a camera is defined — the static map, the registry file,
/// a Redis value — with the main URLs' rules and credential handling, and is pulled only for
/// <c>rendition=sub</c> (docs/cameras.md "Substreams").
/// </summary>
public sealed class SubstreamRegistrationTests
{
    private static readonly CameraPath Door = new("site", "door");

    [Fact]
    public void StaticMap_AppLocation_RemainderAndOriginCredentialsApplyToTheSubstreamToo()
    {
        using var secret = new TempSecret("hunter2");
        var origin = StaticOriginMapTests.Origin("/site", "nvr.example/main");
        origin.SubstreamUrls = ["nvr.example/sub", "backup.example/sub"];
        origin.User = "viewer";
        origin.Password = secret.Reference;

        var camera = StaticOriginMapTests.Map(origin).Find(Door)!;

        Assert.Equal(["rtsp://viewer:hunter2@nvr.example/sub/door", "rtsp://viewer:hunter2@backup.example/sub/door"],
            camera.SubstreamUrls.Select(u => u.ToUnredactedString()));
        Assert.DoesNotContain("hunter2", camera.ToString(), StringComparison.Ordinal);
        Assert.Contains("substream: rtsp://***@nvr.example/sub/door", camera.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StaticMap_BadSubstreamUrls_EveryProblemNamesItsKeyWithoutTheUrl()
    {
        var origin = StaticOriginMapTests.Origin("/site", "nvr.example/main");
        origin.SubstreamUrls = ["rtsp://admin:topsecret@nvr.example/sub", "nvr example/sub"];
        var errors = new List<string>();

        OriginMapOptionsValidator.Build(new OriginMapOptions { Origins = [origin] }, errors);

        Assert.Contains(errors, e => e.StartsWith("OriginMap:Origins:0:SubstreamUrls:0: has a scheme", StringComparison.Ordinal)
            && e.Contains("OriginMap:Origins:0:Scheme", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("OriginMap:Origins:0:SubstreamUrls:1:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("topsecret", StringComparison.Ordinal));
    }

    [Fact]
    public void StaticMap_TooManySubstreamUrls_Refused()
    {
        var origin = StaticOriginMapTests.Origin("/site", "nvr.example/main");
        origin.SubstreamUrls = [.. Enumerable.Range(0, OriginMapOptionsValidator.MaxUrls + 1).Select(i => $"nvr{i}.example/sub")];
        var errors = new List<string>();

        OriginMapOptionsValidator.Build(new OriginMapOptions { Origins = [origin] }, errors);

        Assert.Contains(errors, e => e.StartsWith("OriginMap:Origins:0:SubstreamUrls: list at most 16", StringComparison.Ordinal));
    }

    [Fact]
    public void RedisValue_ObjectForm_UrlsAndSubstreamUrls()
    {
        var urls = RedisOriginMapValue.TryParse(
            """{"urls":["rtsp://a:b@nvr.example/main"],"substreamUrls":["rtsp://a:b@nvr.example/sub"]}""", out var substream, out var problem);

        Assert.Null(problem);
        Assert.Equal("rtsp://a:b@nvr.example/main", Assert.Single(urls!).ToUnredactedString());
        Assert.Equal("rtsp://a:b@nvr.example/sub", Assert.Single(substream).ToUnredactedString());
    }

    [Theory]
    [InlineData("""{"substreamUrls":["rtsp://nvr.example/sub"]}""")]
    [InlineData("""{"urls":["rtsp://nvr.example/main"],"other":[]}""")]
    [InlineData("""{"urls":"rtsp://nvr.example/main"}""")]
    [InlineData("""{"urls":["rtsp://nvr.example/main"],"substreamUrls":[1]}""")]
    [InlineData("""{"urls":["rtsp://nvr.example/main"],"substreamUrls":["http://secret@nvr.example/sub"]}""")]
    [InlineData("""{"urls":["rtsp://nvr.example/main"],"urls":["rtsp://other.example/main"]}""")]
    [InlineData("""{"urls":[""")]
    public void RedisValue_BadObject_RefusedWithoutRepeatingIt(string value)
    {
        Assert.Null(RedisOriginMapValue.TryParse(value, out _, out var problem));
        Assert.NotNull(problem);
        Assert.DoesNotContain("secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisValue_PlainForms_HaveNoSubstream()
    {
        Assert.NotNull(RedisOriginMapValue.TryParse("rtsp://nvr.example/main", out var substream, out _));
        Assert.Empty(substream);
    }

    [Fact]
    public async Task RegistryFile_SubstreamUrls_SurviveRestartWithCredentials()
    {
        var tests = new RegisteredCameraStoreTests();
        try
        {
            var camera = RegisteredCameraStoreTests.Camera("cam1");
            var withSub = new CameraRegistration(camera.Camera, camera.Urls, camera.Properties, camera.Persistent, camera.Source)
            {
                VirtualHost = camera.VirtualHost,
                CreatedAt = camera.CreatedAt,
                SubstreamUrls = [Parse("rtsp://admin:hunter2@10.0.0.5:554/s2")],
            };
            using (var store = tests.Open())
            {
                Assert.Equal(CameraStoreOutcome.Added, await store.AddAsync(withSub, CancellationToken.None));
            }

            using var reopened = tests.Open();
            var found = reopened.Find(camera.Camera)!;
            Assert.Equal("rtsp://admin:hunter2@10.0.0.5:554/s2", Assert.Single(found.SubstreamUrls).ToUnredactedString());
        }
        finally
        {
            tests.Dispose();
        }
    }

    [Fact]
    public void PullPlan_Sub_UsesTheSubstreamWithTheForwardedQuery_MainAndNoSubstreamUseMain()
    {
        var camera = new CameraRegistration(Door, [Parse("rtsp://nvr.example/main?channel=1")], CameraProperties.Default with { ForwardQueryParams = true }, false, CameraSource.Static)
        {
            SubstreamUrls = [Parse("rtsp://nvr.example/sub?subtype=1")],
        };
        var plain = new CameraRegistration(Door, camera.Urls, camera.Properties, false, CameraSource.Static);

        Assert.Equal("rtsp://nvr.example/sub?subtype=1&quality=hd", CameraPullPlan.UrlsOf(camera, "quality=hd", CameraRendition.Sub).Single().OriginalString);
        Assert.Equal("rtsp://nvr.example/main?channel=1", CameraPullPlan.UrlsOf(camera, null, CameraRendition.Main).Single().OriginalString);
        Assert.Equal("rtsp://nvr.example/main?channel=1", CameraPullPlan.UrlsOf(plain, null, CameraRendition.Sub).Single().OriginalString);
        Assert.Equal(CameraRendition.Main, plain.ServedRendition(CameraRendition.Sub));
        // The origin's own conflict check looks at the URLs of the rendition it pulls.
        Assert.True(CameraPullPlan.Conflicts(camera, "subtype=2", CameraRendition.Sub));
        Assert.False(CameraPullPlan.Conflicts(camera, "subtype=2", CameraRendition.Main));
    }

    private static CameraUrl Parse(string url) => CameraUrl.TryParse(url, out var parsed, out var error) ? parsed! : throw new ArgumentException(error);
}
