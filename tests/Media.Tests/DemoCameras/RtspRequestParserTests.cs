using System.Buffers;
using System.Text;
using CsCheck;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

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
        { "GET / HTTP/1.1\r\nCSeq: 1\r\n\r\n", "bad_version" },
        { "OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n", "bad_version" },
        { "OPTIONS * RTSP/1.0\r\n\r\n", "missing_cseq" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: one\r\n\r\n", "bad_cseq" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nCSeq: 2\r\n\r\n", "bad_cseq" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 9999999999\r\n\r\n", "bad_cseq" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999\r\n\r\n", "bad_content_length" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -1\r\n\r\n", "bad_content_length" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Bad: a\0b\r\n\r\n", "bad_header" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Fold: a\r\n  folded\r\n\r\n", "bad_header" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nNo colon here\r\n\r\n", "bad_header" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\nX: bare line feed\r\n\r\n", "bad_header" },
        { "OPTIONS  * RTSP/1.0\r\nCSeq: 1\r\n\r\n", "bad_target" },
        { "OPTIONS rtsp://a/b c RTSP/1.0\r\nCSeq: 1\r\n\r\n", "bad_target" },
        { "OPT(ONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", "bad_method" },
        { "OPTIONS\r\nCSeq: 1\r\n\r\n", "bad_request_line" },
        { "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 * RTSP/1.0\r\nCSeq: 1\r\n\r\n", "bad_method" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", 40)) + "\r\n", "too_many_headers" },
        { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: " + new string('a', 5000) + "\r\n\r\n", "head_too_large" },
    };

    [Fact]
    public void TryParse_FfmpegSetup_IsComplete()
    {
        var status = Parse(FfmpegSetup, out var message, out var consumed, out _);

        Assert.Equal(RtspParseStatus.Complete, status);
        Assert.Equal(FfmpegSetup.Length, consumed);
        var request = Assert.IsType<RtspRequest>(message.Request);
        Assert.Equal("SETUP", request.Method);
        Assert.Equal("rtsp://127.0.0.1:8554/demo/lobby/trackID=0", request.Target);
        Assert.Equal(3, request.CSeq);
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1", request.GetHeader("transport"));
    }

    [Fact]
    public void TryParse_EveryPrefix_NeedsMoreDataAndConsumesNothing()
    {
        for (var length = 0; length < FfmpegSetup.Length; length++)
        {
            var status = Parse(FfmpegSetup[..length], out _, out var consumed, out _);

            Assert.Equal(RtspParseStatus.NeedMoreData, status);
            Assert.True(consumed == 0 || FfmpegSetup[..consumed].Trim().Length == 0);
        }
    }

    [Fact]
    public void TryParse_SplitAcrossSegments_IsComplete()
    {
        var bytes = Encoding.ASCII.GetBytes(FfmpegSetup);
        for (var split = 1; split < bytes.Length; split++)
        {
            var sequence = TwoSegments(bytes.AsMemory(0, split), bytes.AsMemory(split));
            var reader = new SequenceReader<byte>(sequence);

            Assert.Equal(RtspParseStatus.Complete, RtspRequestParser.TryParse(ref reader, out var message, out _));
            Assert.Equal(3, message.Request!.CSeq);
        }
    }

    [Fact]
    public void TryParse_BodyAndPipelinedRequest_ReadsBothInTurn()
    {
        var text = "GET_PARAMETER rtsp://h/demo/x RTSP/1.0\r\nCSeq: 7\r\nContent-Length: 5\r\n\r\nhello" +
                   "OPTIONS * RTSP/1.0\r\nCSeq: 8\r\n\r\n";
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)));

        Assert.Equal(RtspParseStatus.Complete, RtspRequestParser.TryParse(ref reader, out var first, out _));
        Assert.Equal(RtspParseStatus.Complete, RtspRequestParser.TryParse(ref reader, out var second, out _));
        Assert.Equal(7, first.Request!.CSeq);
        Assert.Equal(5, first.Request.ContentLength);
        Assert.Equal(8, second.Request!.CSeq);
        Assert.True(reader.End);
    }

    [Fact]
    public void TryParse_InterleavedRtcp_IsSkipped()
    {
        byte[] bytes = [(byte)'$', 1, 0, 4, 0x81, 0xC9, 0, 1, .. Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n")];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(RtspParseStatus.Complete, RtspRequestParser.TryParse(ref reader, out var frame, out _));
        Assert.Null(frame.Request);
        Assert.Equal(1, frame.InterleavedChannel);
        Assert.Equal(4, frame.InterleavedLength);
        Assert.Equal(RtspParseStatus.Complete, RtspRequestParser.TryParse(ref reader, out var options, out _));
        Assert.Equal(2, options.Request!.CSeq);
    }

    [Fact]
    public void TryParse_TruncatedInterleavedFrame_NeedsMoreData()
    {
        byte[] bytes = [(byte)'$', 1, 0x01, 0x00, 1, 2, 3];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(RtspParseStatus.NeedMoreData, RtspRequestParser.TryParse(ref reader, out _, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_IsInvalidWithReason(string text, string reason)
    {
        var status = Parse(text, out _, out _, out var invalidReason);

        Assert.Equal(RtspParseStatus.Invalid, status);
        Assert.Equal(reason, invalidReason);
    }

    [Fact]
    public void TryParse_EndlessHeadWithoutTerminator_IsInvalidOnceOverTheBound()
    {
        var text = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: " + new string('a', RtspRequestParser.MaxHeadBytes);

        Assert.Equal(RtspParseStatus.Invalid, Parse(text, out _, out _, out var reason));
        Assert.Equal("head_too_large", reason);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 6000].Sample(bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            var status = RtspRequestParser.TryParse(ref reader, out _, out _);
            return status == RtspParseStatus.Complete || reader.Consumed <= 2 * bytes.Length;
        });
    }

    [Fact]
    public void TryParse_MutatedValidRequests_NeverThrow()
    {
        var valid = Encoding.ASCII.GetBytes(FfmpegSetup);
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length]).Sample((position, value, cut) =>
        {
            var bytes = valid.ToArray();
            bytes[position] = value;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes.AsMemory(0, cut)));
            _ = RtspRequestParser.TryParse(ref reader, out _, out _);
        });
    }

    private static RtspParseStatus Parse(string text, out RtspInboundMessage message, out int consumed, out string? reason)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)));
        var status = RtspRequestParser.TryParse(ref reader, out message, out reason);
        consumed = (int)reader.Consumed;
        return status;
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
