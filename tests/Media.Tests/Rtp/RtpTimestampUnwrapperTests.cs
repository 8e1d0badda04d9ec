using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtpTimestampUnwrapperTests
{
    [Fact]
    public void Unwrap_AcrossWrap_KeepsGoingForward()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        Assert.Equal(uint.MaxValue - 1000L, unwrapper.Unwrap(uint.MaxValue - 1000));
        Assert.Equal(uint.MaxValue + 2001L, unwrapper.Unwrap(2000));
        Assert.Equal(uint.MaxValue + 1001L, unwrapper.Unwrap(1000));
    }

    [Fact]
    public void Unwrap_SmallStepBack_GoesBack()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        unwrapper.Unwrap(10);
        Assert.Equal(-3600L, unwrapper.Unwrap(uint.MaxValue - 3599));
        Assert.Equal(10L, unwrapper.Unwrap(10));
    }

    [Fact]
    public void Rebase_NewSource_NeverGoesBack()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        unwrapper.Unwrap(1_000_000);
        unwrapper.Rebase(5);
        Assert.Equal(1_000_001L, unwrapper.Unwrap(5));
        Assert.Equal(1_003_601L, unwrapper.Unwrap(3605));
    }
}
