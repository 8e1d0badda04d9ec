using SecureStream.Media.Cameras;

namespace SecureStream.Media.Tests.Cameras;

public sealed class CameraUrlTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "rtsp://10.0.0.5:554/stream1", "rtsp://10.0.0.5:554/stream1" },
        { "RTSPS://cam.example/live", "rtsps://cam.example/live" },
        { "rtsp://[fe80::1]:8554/a?b=c", "rtsp://[fe80::1]:8554/a?***" },
        { "rtsp://admin:s3cr%40t@10.0.0.5/stream1", "rtsp://***@10.0.0.5/stream1" },
        { "rtsp://cam", "rtsp://cam" },
    };

    public static TheoryData<string?> Invalid => new()
    {
        null,
        "",
        "http://10.0.0.5/stream",
        "rtsp:/10.0.0.5/stream",
        "rtsp:///stream",
        "rtsp://10.0.0.5:0/x",
        "rtsp://10.0.0.5:99999/x",
        "rtsp://10.0.0.5:55a/x",
        "rtsp://10.0.0.5/a b",
        "rtsp://10.0.0.5/a\r\nSETUP x",
        "rtsp://10.0.0.5/a#frag",
        "rtsp://10.0.0.5\\evil/a",
        "rtsp://10.0.0.5/%zz",
        "rtsp://a@b@10.0.0.5/x",
        "rtsp://@10.0.0.5/x",
        "rtsp://[zz::1]/x",
        "rtsp://caméra/x",
        "rtsp://10.0.0.5/a?b?c",
        "rtsp://" + new string('a', 2050),
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_RedactsInToString(string text, string redacted)
    {
        Assert.True(CameraUrl.TryParse(text, out var url, out var error), error);
        Assert.Equal(redacted, url!.ToString());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_Invalid_RefusedWithoutEchoingTheUrl(string? text)
    {
        Assert.False(CameraUrl.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        if (!string.IsNullOrEmpty(text))
        {
            Assert.DoesNotContain(text, error!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Credentials_KeptApartAndDecoded_NeverInToString()
    {
        Assert.True(CameraUrl.TryParse("rtsp://ad%3Amin:p%40ss@cam:554/s?token=abc", out var url, out _));

        Assert.Equal("ad:min", url!.Credentials!.UserName);
        Assert.Equal("p@ss", System.Text.Encoding.UTF8.GetString(url.Credentials.Password!.Span));
        Assert.Equal("***", url.Credentials.ToString());
        Assert.DoesNotContain("p%40ss", url.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abc", url.ToString(), StringComparison.Ordinal);
        Assert.Equal("rtsp://ad%3Amin:p%40ss@cam:554/s?token=abc", url.ToUnredactedString());
        Assert.Equal(554, url.EffectivePort);
    }

    [Theory]
    [InlineData("rtsp://cam/live", "/cam1", "rtsp://cam/live/cam1")]
    [InlineData("rtsp://cam/live/", "/cam1", "rtsp://cam/live/cam1")]
    [InlineData("rtsp://cam", "/cam1", "rtsp://cam/cam1")]
    [InlineData("rtsp://u:p@cam:8554/live?x=1", "/cam1", "rtsp://u:p@cam:8554/live/cam1?x=1")]
    [InlineData("rtsp://cam/live", "", "rtsp://cam/live")]
    public void AppendPath_InsertsBeforeQuery(string text, string remainder, string expected)
    {
        Assert.True(CameraUrl.TryParse(text, out var url, out _));
        Assert.Equal(expected, url!.AppendPath(remainder).ToUnredactedString());
    }

    [Fact]
    public void DefaultPorts_ByScheme()
    {
        Assert.True(CameraUrl.TryParse("rtsps://cam/x", out var secure, out _));
        Assert.Equal(322, secure!.EffectivePort);
    }
}
