using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

public sealed class GopBufferTests
{
    [Fact]
    public void Add_BeforeAnyKeyframe_KeepsNothing()
    {
        var gop = new GopBuffer(10, 10_000);
        gop.Add(FakeFrames.Video(false, 1));
        gop.Add(FakeFrames.Audio(1));
        Assert.Empty(gop.Frames);
    }

    [Fact]
    public void Add_NewKeyframe_StartsANewGop()
    {
        var gop = new GopBuffer(10, 10_000);
        gop.Add(FakeFrames.Video(true, 1));
        gop.Add(FakeFrames.Video(false, 2));
        var keyframe = FakeFrames.Video(true, 3);
        gop.Add(keyframe);
        Assert.Same(keyframe, Assert.Single(gop.Frames));
    }

    [Theory]
    [InlineData(3, 10_000, 3)]
    [InlineData(100, 250, 2)]
    public void Add_OverTheBound_DropsTheWholeGopUntilTheNextKeyframe(int maxFrames, long maxBytes, int fits)
    {
        var gop = new GopBuffer(maxFrames, maxBytes);
        gop.Add(FakeFrames.Video(true, 0));
        for (var i = 1; i < fits; i++)
        {
            gop.Add(FakeFrames.Video(false, i));
        }

        Assert.Equal(fits, gop.Frames.Count);
        gop.Add(FakeFrames.Video(false, 99));
        Assert.Empty(gop.Frames);
        gop.Add(FakeFrames.Video(false, 100));
        Assert.Empty(gop.Frames);
        gop.Add(FakeFrames.Video(true, 101));
        Assert.Single(gop.Frames);
        Assert.Equal(100, gop.Bytes);
    }

    [Fact]
    public void IsVideo_OnlyH264AndH265()
    {
        Assert.True(GopBuffer.IsVideo(MediaCodec.H264));
        Assert.True(GopBuffer.IsVideo(MediaCodec.H265));
        Assert.False(GopBuffer.IsVideo(MediaCodec.Opus));
        Assert.False(GopBuffer.IsVideo(MediaCodec.Unknown));
    }
}
