using System.Buffers;
using System.Text;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspInterleavedFrameParserTests
{
    [Fact]
    public void TryParse_FramesMixedWithResponse_ReadsEachInTurn()
    {
        var bytes = new List<byte> { (byte)'$', 0, 0, 3, 1, 2, 3 };
        bytes.AddRange(Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n"));
        bytes.AddRange(new byte[] { (byte)'$', 1, 0, 2, 9, 9 });
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes.ToArray()));

        Assert.True(RtspInterleavedFrameParser.IsFrameStart(reader));
        Assert.True(RtspInterleavedFrameParser.TryParse(ref reader, out var channel, out var payload));
        Assert.Equal(0, channel);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());

        Assert.False(RtspInterleavedFrameParser.IsFrameStart(reader));
        Assert.True(RtspMessageParser.TryParseResponse(ref reader, out var response, out _));
        Assert.Equal(4, response!.CSeq);

        Assert.True(RtspInterleavedFrameParser.TryParse(ref reader, out channel, out payload));
        Assert.Equal(1, channel);
        Assert.Equal(2, payload.Length);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void TryParse_Truncated_NeedsMoreWithoutConsuming()
    {
        byte[] frame = [(byte)'$', 0, 0xFF, 0xFF, 1, 2];
        for (var length = 0; length <= frame.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame[..length]));
            Assert.False(RtspInterleavedFrameParser.TryParse(ref reader, out _, out _));
            Assert.Equal(0, reader.Consumed);
        }
    }
}
