using System.Net;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoCameraUrlsTests
{
    [Theory]
    [InlineData("demo://lobby", "lobby")]
    [InlineData("demo://Lobby-7/", "Lobby-7")]
    [InlineData("DEMO://cam_1.a", "cam_1.a")]
    public void TryGetCameraName_DemoUrl_KeepsTheNamesCase(string url, string name)
    {
        Assert.True(DemoCameraUrls.TryGetCameraName(new Uri(url), out var parsed));
        Assert.Equal(name, parsed);
    }

    [Theory]
    [InlineData("rtsp://127.0.0.1/demo/lobby")]
    [InlineData("demo://")]
    [InlineData("demo://a/b")]
    [InlineData("demo://lobby:8554")]
    [InlineData("demo://user@lobby")]
    public void TryGetCameraName_Other_IsRefused(string url)
    {
        Assert.False(DemoCameraUrls.TryGetCameraName(new Uri(url), out _));
    }

    [Fact]
    public void ToRtspUri_WildcardAddress_PointsAtLoopback()
    {
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/demo/gate"), DemoCameraUrls.ToRtspUri(new IPEndPoint(IPAddress.Any, 8554), "gate"));
        Assert.Equal(new Uri("rtsp://[::1]:8554/demo/gate"), DemoCameraUrls.ToRtspUri(new IPEndPoint(IPAddress.IPv6Any, 8554), "gate"));
    }

    [Theory]
    [InlineData("rtsp://h:1/demo/lobby", "lobby", -1)]
    [InlineData("rtsp://h/demo/lobby/", "lobby", -1)]
    [InlineData("/demo/lobby/trackID=1", "lobby", 1)]
    [InlineData("rtsp://h/demo/lobby/trackID=0?x=1", "lobby", 0)]
    [InlineData("rtsp://h/demo/lobby?token=abc", "lobby", -1)]
    public void Target_DemoPaths_Parse(string target, string name, int track)
    {
        Assert.True(DemoCameraTarget.TryParse(target, out var parsed, out var trackId));
        Assert.Equal(name, parsed);
        Assert.Equal(track, trackId);
    }
}
