using System.Text;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspRequestWriterTests
{
    [Fact]
    public void TryWrite_Request_WritesRequestLineAndHeaders()
    {
        var request = new RtspRequest("SETUP", "rtsp://cam/stream/trackID=1", [new("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")]);
        Assert.True(RtspRequestWriter.TryWrite(request, 3, "12345678", "SecureStream", out var bytes));
        Assert.Equal(
            "SETUP rtsp://cam/stream/trackID=1 RTSP/1.0\r\nCSeq: 3\r\nUser-Agent: SecureStream\r\nSession: 12345678\r\n" +
            "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n",
            Encoding.ASCII.GetString(bytes));
    }

    public static TheoryData<string, string, string, string> Injections => new()
    {
        { "CRLF in header value", "rtsp://cam/", "Transport", "x\r\nLocation: rtsp://evil/" },
        { "LF in header value", "rtsp://cam/", "Transport", "x\nX: y" },
        { "CR in header value", "rtsp://cam/", "Transport", "x\rX: y" },
        { "NUL in header value", "rtsp://cam/", "Transport", "x\0" },
        { "CRLF in URI", "rtsp://cam/\r\nX: y", "Accept", "application/sdp" },
        { "space in URI", "rtsp://cam/a b", "Accept", "application/sdp" },
        { "colon in header name", "rtsp://cam/", "X:Y", "1" },
        { "CRLF in header name", "rtsp://cam/", "X\r\nY", "1" },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public void TryWrite_InjectedLine_Refused(string name, string uri, string header, string value)
    {
        var request = new RtspRequest("DESCRIBE", uri, [new(header, value)]);
        Assert.False(RtspRequestWriter.TryWrite(request, 1, null, "SecureStream", out var bytes), name);
        Assert.Empty(bytes);
    }

    [Fact]
    public void TryWrite_SessionWithCrLf_Refused()
    {
        var request = new RtspRequest("PLAY", "rtsp://cam/", []);
        Assert.False(RtspRequestWriter.TryWrite(request, 1, "abc\r\nX: y", "SecureStream", out _));
    }
}
