using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspUrlsTests
{
    private static readonly Uri Camera = new("rtsp://cam.local:554/live");

    [Theory]
    [InlineData("rtsp://cam.local/live/", "trackID=1", "rtsp://cam.local/live/trackID=1")]
    [InlineData("rtsp://cam.local/live", "trackID=1", "rtsp://cam.local/live/trackID=1")]
    [InlineData("rtsp://cam.local/live", "*", "rtsp://cam.local/live")]
    [InlineData("rtsp://cam.local/live", null, "rtsp://cam.local/live")]
    [InlineData("rtsp://cam.local/live", "/other/track", "rtsp://cam.local/other/track")]
    [InlineData("rtsp://cam.local/live?channel=1&subtype=0/", "trackID=0", "rtsp://cam.local/live?channel=1&subtype=0/trackID=0")]
    [InlineData("rtsp://cam.local/live", "rtsp://cam.local:8554/x", "rtsp://cam.local:8554/x")]
    public void Resolve_Control_AppendsAsCamerasMeanIt(string baseUrl, string? control, string expected) =>
        Assert.Equal(expected, RtspUrls.Resolve(new Uri(baseUrl), control)!.AbsoluteUri);

    [Theory]
    [InlineData("rtsp://cam.local/other", true)]
    [InlineData("rtsp://CAM.LOCAL:8554/other", true)]
    [InlineData("rtsps://cam.local/other", true)]
    [InlineData("rtsp://cam.local.evil/other", false)]
    [InlineData("rtsp://10.0.0.1/other", false)]
    [InlineData("rtsp://user@cam.local/other", false)]
    [InlineData("http://cam.local/other", false)]
    [InlineData("file:///etc/passwd", false)]
    public void IsSameCamera_Candidate_OnlyTheCamerasHost(string candidate, bool expected) =>
        Assert.Equal(expected, RtspUrls.IsSameCamera(Camera, new Uri(candidate)));

    [Fact]
    public void IsSameCamera_DowngradeFromRtsps_Refused() =>
        Assert.False(RtspUrls.IsSameCamera(new Uri("rtsps://cam.local/live"), new Uri("rtsp://cam.local/live")));

    [Fact]
    public void WithoutUserInfo_Credentials_Removed() =>
        Assert.Equal("rtsp://cam.local/live", RtspUrls.WithoutUserInfo(new Uri("rtsp://admin:pw@cam.local/live")).AbsoluteUri);

    [Theory]
    [InlineData("12345678;timeout=20", "12345678", 20)]
    [InlineData("abc", "abc", 60)]
    [InlineData("abc;timeout=0", "abc", 60)]
    [InlineData("abc;timeout=junk", "abc", 60)]
    public void SessionHeader_TryParse_ReadsIdAndTimeout(string value, string id, int seconds)
    {
        Assert.True(RtspSessionHeader.TryParse(value, out var session));
        Assert.Equal(id, session!.Id);
        Assert.Equal(TimeSpan.FromSeconds(seconds), session.Timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData(";timeout=5")]
    [InlineData("a\"b")]
    public void SessionHeader_TryParse_RefusesUnsafeIds(string value) =>
        Assert.False(RtspSessionHeader.TryParse(value, out _));

    [Fact]
    public void TransportHeader_Parse_ReadsChannelsAndPorts()
    {
        var tcp = RtspTransportHeader.Parse("RTP/AVP/TCP;unicast;interleaved=2-3;ssrc=1234");
        Assert.Equal((2, 3), (tcp.InterleavedRtp, tcp.InterleavedRtcp));
        var udp = RtspTransportHeader.Parse("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;source=10.9.9.9");
        Assert.Equal((6970, 6971), (udp.ServerRtpPort, udp.ServerRtcpPort));
        var bad = RtspTransportHeader.Parse("RTP/AVP/TCP;interleaved=999-1000");
        Assert.Null(bad.InterleavedRtp);
        Assert.True(bad.Malformed);
    }

    [Fact]
    public void TransportHeader_ParseOffers_ReadsEveryOfferInOrder()
    {
        var offers = RtspTransportHeader.ParseOffers("RTP/AVP;multicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=4 ,,RTP/AVP/TCP;interleaved=4-x");

        Assert.Equal(3, offers.Count);
        Assert.False(offers[0].IsInterleaved);
        Assert.True(offers[0].Multicast);
        Assert.True(offers[1].IsInterleaved);
        Assert.Equal((4, 5), (offers[1].InterleavedRtp, offers[1].InterleavedRtcp));
        Assert.False(offers[1].Malformed);
        Assert.Equal((4, (int?)null), (offers[2].InterleavedRtp, offers[2].InterleavedRtcp));
        Assert.True(offers[2].Malformed);
        Assert.Empty(RtspTransportHeader.ParseOffers(null));
    }
}
