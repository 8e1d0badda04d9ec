using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

public sealed class StaticOriginMapTests
{
    internal static StaticOriginMap Map(params OriginMapOriginOptions[] origins) =>
        new(Options.Create(new OriginMapOptions { Origins = [.. origins] }));

    internal static OriginMapOriginOptions Origin(string location, params string[] urls) =>
        new() { Location = location, Scheme = "rtsp", Urls = [.. urls] };

    [Fact]
    public void Find_WholeSegments_Cam1NeverMatchesCam10()
    {
        var map = Map(Origin("/app/cam1", "10.0.0.5:554/stream1"));

        Assert.NotNull(map.Find(new CameraPath("app", "cam1")));
        Assert.Null(map.Find(new CameraPath("app", "cam10")));
        Assert.Null(map.Find(new CameraPath("app", "cam")));
        Assert.Null(map.Find(new CameraPath("app1", "cam1")));
    }

    [Fact]
    public void Find_AppLocation_AppendsRemainderToEveryUrl()
    {
        var map = Map(Origin("/site", "10.0.0.5:554/live", "u:p@10.0.0.6/backup/"));

        var found = map.Find(new CameraPath("site", "door"))!;

        Assert.Equal(["rtsp://10.0.0.5:554/live/door", "rtsp://u:p@10.0.0.6/backup/door"], found.Urls.Select(u => u.ToUnredactedString()));
        Assert.Equal("rtsp://***@10.0.0.6/backup/door", found.Urls[1].ToString());
        Assert.Equal(CameraSource.Static, found.Source);
        Assert.Null(map.Find(new CameraPath("site2", "door")));
    }

    [Fact]
    public void Find_ExactLocation_UsesUrlAsIs_AndSchemePrepended()
    {
        var map = Map(new OriginMapOriginOptions { Location = "/app/cam1", Scheme = "rtsps", Urls = ["10.0.0.5/s"] });

        Assert.Equal("rtsps://10.0.0.5/s", map.Find(new CameraPath("app", "cam1"))!.Urls.Single().ToUnredactedString());
    }

    [Fact]
    public void Find_FirstMatchingOriginWins_InConfigurationOrder()
    {
        var map = Map(Origin("/app/cam1", "first/x"), Origin("/app", "second"));

        Assert.Equal("rtsp://first/x", map.Find(new CameraPath("app", "cam1"))!.Urls[0].ToString());
        Assert.Equal("rtsp://second/cam2", map.Find(new CameraPath("app", "cam2"))!.Urls[0].ToString());
    }

    [Fact]
    public void Find_Properties_OriginOverridesMapDefaults()
    {
        var options = new OriginMapOptions
        {
            NoInputFailoverTimeoutMs = 5000,
            Origins =
            [
                new() { Location = "/a/b", Scheme = "rtsp", Urls = ["h/x"], ForwardQueryParams = false, Properties = new() { UnusedStreamDeletionTimeoutMs = 1000 } },
            ],
        };

        var found = new StaticOriginMap(Options.Create(options)).Find(new CameraPath("a", "b"))!;

        Assert.Equal(5000, found.Properties.NoInputFailoverTimeoutMs);
        Assert.Equal(1000, found.Properties.UnusedStreamDeletionTimeoutMs);
        Assert.False(found.Properties.ForwardQueryParams);
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce_WithoutEchoingUrls()
    {
        var options = new OriginMapOptions
        {
            NoInputFailoverTimeoutMs = 5,
            UnusedStreamDeletionTimeoutMs = -1,
            Origins =
            [
                new() { Location = "app/cam1", Scheme = "rtsp", Urls = ["h/x"] },
                new() { Location = "/a/b/c", Scheme = "http", Urls = [] },
                new() { Location = "/ok", Scheme = "rtsp", Urls = ["rtsp://u:hunter2@h/x", "u:hunter2@h/x y"] },
                new() { Location = "/ok", Scheme = "rtsp", Urls = ["h"], Properties = new() { NoInputFailoverTimeoutMs = 0 } },
            ],
        };

        var result = new OriginMapOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("OriginMap:NoInputFailoverTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:UnusedStreamDeletionTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:0:Location", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:1:Location", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:1:Scheme", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:1:Urls", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:2:Urls:0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:2:Urls:1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:3:Location", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OriginMap:Origins:3:Properties:NoInputFailoverTimeoutMs", StringComparison.Ordinal));
        Assert.Equal(10, failures.Count);
        Assert.DoesNotContain(failures, f => f.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidMap_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => Map(Origin("/", "h")));
    }
}
