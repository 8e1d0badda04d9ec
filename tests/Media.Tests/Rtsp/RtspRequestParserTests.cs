using System.Buffers;
using System.Text;
using CsCheck;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>The request half of <see cref="RtspMessageParser"/>: what a client sends the demo cameras.</summary>
public sealed class RtspRequestParserTests
{
    private const string FfmpegSetup =
        "SETUP rtsp://127.0.0.1:8554/demo/lobby/trackID=0 RTSP/1.0\r\n" +
        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n" +
        "CSeq: 3\r\n" +
        "User-Agent: Lavf61.7.100\r\n" +
        "\r\n";

    public static TheoryData<string, string> Malformed => new()
    {
        { "GET / HTTP/1.1\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPTIONS * RTSP/1.0\r\n\r\n", nameof(RtspParseError.MissingCSeq) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: one\r\n\r\n", nameof(RtspParseError.BadCSeq) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nCSeq: 2\r\n\r\n", nameof(RtspParseError.BadCSeq) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 9999999999\r\n\r\n", nameof(RtspParseError.BadCSeq) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999\r\n\r\n", nameof(RtspParseError.ContentTooLarge) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -1\r\n\r\n", nameof(RtspParseError.BadContentLength) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Bad: a\0b\r\n\r\n", nameof(RtspParseError.NulByte) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Fold: a\r\n  folded\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nNo colon here\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\rX: bare carriage return\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: caf\u00e9\r\n\r\n", nameof(RtspParseError.BadHeaderLine) },
        { "OPTIONS  * RTSP/1.0\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPTIONS rtsp://a/b c RTSP/1.0\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPT(ONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPTIONS\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 * RTSP/1.0\r\nCSeq: 1\r\n\r\n", nameof(RtspParseError.BadRequestLine) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", 40)) + "\r\n", nameof(RtspParseError.TooManyHeaderLines) },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: " + new string('a', 5000) + "\r\n\r\n", nameof(RtspParseError.LineTooLong) },
    };

    [Fact]
    public void TryParseRequest_FfmpegSetup_IsComplete()
    {
        var complete = Parse(FfmpegSetup, out var request, out var consumed, out var error);

        Assert.True(complete);
        Assert.Equal(RtspParseError.None, error);
        Assert.Equal(FfmpegSetup.Length, consumed);
        Assert.NotNull(request);
        Assert.Equal("SETUP", request.Method);
        Assert.Equal("rtsp://127.0.0.1:8554/demo/lobby/trackID=0", request.Uri);
        Assert.Equal(3, request.CSeq);
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1", request.GetHeader("transport"));
    }

    [Fact]
    public void TryParseRequest_BareLineFeeds_AreAcceptedAsTheResponseParserAcceptsThem()
    {
        var complete = Parse("OPTIONS * RTSP/1.0\nCSeq: 4\n\n", out var request, out _, out _);

        Assert.True(complete);
        Assert.Equal(4, request!.CSeq);
    }

    [Fact]
    public void TryParseRequest_EveryPrefix_NeedsMoreDataAndConsumesNothing()
    {
        for (var length = 0; length < FfmpegSetup.Length; length++)
        {
            var complete = Parse(FfmpegSetup[..length], out _, out var consumed, out var error);

            Assert.False(complete);
            Assert.Equal(RtspParseError.None, error);
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void TryParseRequest_EmptyLinesBeforeARequest_AreReadPastEvenWhileItIsIncomplete()
    {
        var complete = Parse("\r\n\r\n\nOPTIONS * RT", out _, out var consumed, out var error);

        Assert.False(complete);
        Assert.Equal(RtspParseError.None, error);
        Assert.Equal(5, consumed);
    }

    [Fact]
    public void TryParseRequest_SplitAcrossSegments_IsComplete()
    {
        var bytes = Encoding.ASCII.GetBytes(FfmpegSetup);
        for (var split = 1; split < bytes.Length; split++)
        {
            var sequence = TwoSegments(bytes.AsMemory(0, split), bytes.AsMemory(split));
            var reader = new SequenceReader<byte>(sequence);

            Assert.True(RtspMessageParser.TryParseRequest(ref reader, out var request, out _));
            Assert.Equal(3, request!.CSeq);
        }
    }

    [Fact]
    public void TryParseRequest_BodyAndPipelinedRequest_ReadsBothInTurn()
    {
        var text = "GET_PARAMETER rtsp://h/demo/x RTSP/1.0\r\nCSeq: 7\r\nContent-Length: 5\r\n\r\nhello" +
                   "OPTIONS * RTSP/1.0\r\nCSeq: 8\r\n\r\n";
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)));

        Assert.True(RtspMessageParser.TryParseRequest(ref reader, out var first, out _));
        Assert.True(RtspMessageParser.TryParseRequest(ref reader, out var second, out _));
        Assert.Equal(7, first!.CSeq);
        Assert.Equal(8, second!.CSeq);
        Assert.True(reader.End);
    }

    [Fact]
    public void TryParseRequest_BodyNotYetArrived_NeedsMoreData()
    {
        var complete = Parse("GET_PARAMETER * RTSP/1.0\r\nCSeq: 7\r\nContent-Length: 5\r\n\r\nhel", out _, out var consumed, out var error);

        Assert.False(complete);
        Assert.Equal(RtspParseError.None, error);
        Assert.Equal(0, consumed);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParseRequest_Malformed_IsRefusedWithTheReason(string text, string expected)
    {
        var complete = Parse(text, out var request, out _, out var error);

        Assert.False(complete);
        Assert.Null(request);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void TryParseRequest_EndlessLineWithoutTerminator_IsRefusedOnceOverTheBound()
    {
        var text = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: " + new string('a', RtspLimits.Request.MaxLineLength);

        Assert.False(Parse(text, out _, out _, out var error));
        Assert.Equal(RtspParseError.LineTooLong, error);
    }

    [Fact]
    public void TryParseRequest_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 6000].Sample(bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            var complete = RtspMessageParser.TryParseRequest(ref reader, out var request, out var error);
            return complete ? request is not null && error == RtspParseError.None : request is null;
        });
    }

    [Fact]
    public void TryParseRequest_MutatedValidRequests_NeverThrow()
    {
        var valid = Encoding.ASCII.GetBytes(FfmpegSetup);
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length]).Sample((position, value, cut) =>
        {
            var bytes = valid.ToArray();
            bytes[position] = value;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes.AsMemory(0, cut)));
            var complete = RtspMessageParser.TryParseRequest(ref reader, out var request, out var error);
            return complete ? request is not null && error == RtspParseError.None : request is null;
        });
    }

    private static bool Parse(string text, out RtspRequest? request, out int consumed, out RtspParseError error)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)));
        var complete = RtspMessageParser.TryParseRequest(ref reader, out request, out error);
        consumed = (int)reader.Consumed;
        return complete;
    }

    private static ReadOnlySequence<byte> TwoSegments(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        var start = new Segment(first, 0);
        var end = start.Append(second);
        return new ReadOnlySequence<byte>(start, 0, end, end.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
