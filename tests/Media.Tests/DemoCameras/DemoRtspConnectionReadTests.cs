using System.Buffers;
using System.Text;
using SecureStream.DemoCameras;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>How a demo camera connection reads its bytes: requests and the client's interleaved RTCP, in any order.</summary>
public sealed class DemoRtspConnectionReadTests
{
    [Fact]
    public void ParseAvailable_InterleavedRtcpBetweenRequests_IsReadPastAndCountsAsHeard()
    {
        byte[] bytes = [(byte)'$', 1, 0, 4, 0x81, 0xC9, 0, 1, .. Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n")];
        var buffer = new ReadOnlySequence<byte>(bytes);
        var requests = new List<RtspRequest>();

        var error = DemoRtspConnection.ParseAvailable(buffer, requests, out var consumed, out var heard);

        Assert.Equal(RtspParseError.None, error);
        Assert.True(heard);
        Assert.Equal(2, Assert.Single(requests).CSeq);
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void ParseAvailable_RtcpAlone_IsHeardWithNoRequest()
    {
        byte[] bytes = [(byte)'$', 1, 0, 4, 0x81, 0xC9, 0, 1];
        var requests = new List<RtspRequest>();

        var error = DemoRtspConnection.ParseAvailable(new ReadOnlySequence<byte>(bytes), requests, out _, out var heard);

        Assert.Equal(RtspParseError.None, error);
        Assert.True(heard);
        Assert.Empty(requests);
    }

    [Fact]
    public void ParseAvailable_TruncatedInterleavedFrame_ConsumesNothing()
    {
        byte[] bytes = [(byte)'$', 1, 0x01, 0x00, 1, 2, 3];
        var buffer = new ReadOnlySequence<byte>(bytes);
        var requests = new List<RtspRequest>();

        var error = DemoRtspConnection.ParseAvailable(buffer, requests, out var consumed, out var heard);

        Assert.Equal(RtspParseError.None, error);
        Assert.False(heard);
        Assert.Equal(buffer.Start, consumed);
    }

    [Fact]
    public void ParseAvailable_GarbageAfterAGoodRequest_ReturnsTheRequestThenTheError()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        var requests = new List<RtspRequest>();

        var error = DemoRtspConnection.ParseAvailable(buffer, requests, out _, out _);

        Assert.Equal(RtspParseError.BadRequestLine, error);
        Assert.Equal(1, Assert.Single(requests).CSeq);
    }
}
