using System.Buffers;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class Rfc4571FramingTests
{
    [Theory]
    [InlineData(new byte[0], "NeedMoreData")]
    [InlineData(new byte[] { 0 }, "NeedMoreData")]
    [InlineData(new byte[] { 0, 3, 1, 2 }, "NeedMoreData")]
    [InlineData(new byte[] { 0, 0 }, "Invalid")]
    [InlineData(new byte[] { 0, 3, 1, 2, 3 }, "Complete")]
    public void TryReadFrame_Input_ThreeWay(byte[] input, string expected)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));

        var result = Rfc4571Framing.TryReadFrame(ref reader, out var frame);

        Assert.Equal(expected, result.ToString());
        if (result == FrameReadResult.NeedMoreData)
        {
            Assert.Equal(0, reader.Consumed);
        }
        else if (result == FrameReadResult.Complete)
        {
            Assert.Equal(new byte[] { 1, 2, 3 }, frame.ToArray());
        }
    }

    [Fact]
    public void WriteFrame_ThenRead_RoundTripsSeveralFrames()
    {
        var buffer = new byte[64];
        var length = Rfc4571Framing.WriteFrame([1, 2, 3], buffer);
        length += Rfc4571Framing.WriteFrame([4], buffer.AsSpan(length));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, length));

        Assert.Equal(FrameReadResult.Complete, Rfc4571Framing.TryReadFrame(ref reader, out var first));
        Assert.Equal(FrameReadResult.Complete, Rfc4571Framing.TryReadFrame(ref reader, out var second));
        Assert.Equal(FrameReadResult.NeedMoreData, Rfc4571Framing.TryReadFrame(ref reader, out _));
        Assert.Equal(new byte[] { 1, 2, 3 }, first.ToArray());
        Assert.Equal(new byte[] { 4 }, second.ToArray());
    }

    [Fact]
    public void WriteFrame_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => Rfc4571Framing.WriteFrame([], new byte[4]));
    }
}
