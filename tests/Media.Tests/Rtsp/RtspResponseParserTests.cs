using System.Buffers;
using System.Text;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspResponseParserTests
{
    private static (bool Complete, RtspResponse? Response, RtspParseError Error, long Consumed) Parse(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        var complete = RtspMessageParser.TryParseResponse(ref reader, out var response, out var error);
        return (complete, response, error, reader.Consumed);
    }

    [Fact]
    public void TryParse_CompleteResponseWithBody_ReadsEverything()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://cam/stream/\r\nContent-Length: 5\r\n\r\nv=0\r\nRTSP/1.0");
        var (complete, response, error, consumed) = Parse(bytes);
        Assert.True(complete, error.ToString());
        Assert.Equal(200, response!.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.Equal(2, response.CSeq);
        Assert.Equal("rtsp://cam/stream/", response.GetHeader("content-base"));
        Assert.Equal("v=0\r\n", Encoding.ASCII.GetString(response.Body.Span));
        Assert.Equal(bytes.Length - "RTSP/1.0".Length, consumed);
    }

    [Fact]
    public void TryParse_EveryTruncation_NeedsMoreData()
    {
        var bytes = Encoding.ASCII.GetBytes("RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 4\r\n\r\nabcd");
        for (var length = 0; length < bytes.Length; length++)
        {
            var (complete, response, error, consumed) = Parse(bytes[..length]);
            Assert.False(complete);
            Assert.Null(response);
            Assert.Equal(RtspParseError.None, error);
            Assert.Equal(0, consumed);
        }

        Assert.True(Parse(bytes).Complete);
    }

    [Fact]
    public void TryParse_BareLineFeeds_Accepted()
    {
        var (complete, response, _, _) = Parse(Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\nCSeq: 1\n\n"));
        Assert.True(complete);
        Assert.Equal(1, response!.CSeq);
    }

    public static TheoryData<string, string, string> Malicious => new()
    {
        { "absurd Content-Length", "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 2000000000\r\n\r\n", nameof(RtspParseError.ContentTooLarge) },
        { "Content-Length just over 1 MB", "RTSP/1.0 200 OK\r\nContent-Length: 1048577\r\n\r\n", nameof(RtspParseError.ContentTooLarge) },
        { "negative Content-Length", "RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n", nameof(RtspParseError.BadContentLength) },
        { "huge Content-Length digits", "RTSP/1.0 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", nameof(RtspParseError.BadContentLength) },
        { "two different Content-Lengths", "RTSP/1.0 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", nameof(RtspParseError.BadContentLength) },
        { "endless header lines", "RTSP/1.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Junk: 1\r\n", 100)), nameof(RtspParseError.TooManyHeaderLines) },
        { "header line too long", "RTSP/1.0 200 OK\r\nX: " + new string('a', 9000) + "\r\n\r\n", nameof(RtspParseError.LineTooLong) },
        { "unterminated line too long", "RTSP/1.0 200 OK\r\nX: " + new string('a', 9000), nameof(RtspParseError.LineTooLong) },
        { "NUL in header", "RTSP/1.0 200 OK\r\nCSeq: 1\0\r\n\r\n", nameof(RtspParseError.NulByte) },
        { "NUL in unterminated line", "RTSP/1.0 200 OK\r\nCSe\0", nameof(RtspParseError.NulByte) },
        { "HTTP status line", "HTTP/1.1 200 OK\r\n\r\n", nameof(RtspParseError.BadStatusLine) },
        { "status not a number", "RTSP/1.0 2x0 OK\r\n\r\n", nameof(RtspParseError.BadStatusLine) },
        { "status out of range", "RTSP/1.0 999 OK\r\n\r\n", nameof(RtspParseError.BadStatusLine) },
        { "garbage", "\u0001\u0002\u0003\r\n", nameof(RtspParseError.BadStatusLine) },
        { "no colon", "RTSP/1.0 200 OK\r\nCSeq 1\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "folded header", "RTSP/1.0 200 OK\r\nCSeq: 1\r\n  continued\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "bare CR smuggling", "RTSP/1.0 200 OK\r\nCSeq: 1\rLocation: rtsp://evil/\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "space in header name", "RTSP/1.0 200 OK\r\nC Seq: 1\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
    };

    [Theory]
    [MemberData(nameof(Malicious))]
    public void TryParse_MaliciousResponse_Invalid(string name, string text, string expected)
    {
        var (complete, response, error, _) = Parse(Encoding.Latin1.GetBytes(text));
        Assert.False(complete, name);
        Assert.Null(response);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void TryParse_MultiSegmentSequence_SameAsContiguous()
    {
        var bytes = Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 7\r\nContent-Length: 3\r\n\r\nabc");
        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10, 20)).Append(bytes.AsMemory(30));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.True(RtspMessageParser.TryParseResponse(ref reader, out var response, out _));
        Assert.Equal(7, response!.CSeq);
        Assert.Equal("abc", Encoding.ASCII.GetString(response.Body.Span));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
