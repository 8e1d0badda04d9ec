using SecureStream.Media.Frames;

namespace SecureStream.Media.Tests.Frames;

public sealed class MediaFrameTests
{
    [Fact]
    public void Size_SumsUnits()
    {
        var frame = new MediaFrame(0, MediaCodec.H264, 90000, true, [new byte[10], new byte[5]], DateTimeOffset.UnixEpoch);
        Assert.Equal(15, frame.Size);
    }
}
