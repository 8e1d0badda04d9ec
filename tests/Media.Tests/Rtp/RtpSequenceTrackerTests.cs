using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtpSequenceTrackerTests
{
    [Fact]
    public void Update_AcrossWrap_CountsCycle()
    {
        var tracker = new RtpSequenceTracker();
        Assert.Equal(RtpSequenceVerdict.First, tracker.Update(65534));
        Assert.Equal(RtpSequenceVerdict.InOrder, tracker.Update(65535));
        Assert.Equal(RtpSequenceVerdict.InOrder, tracker.Update(0));
        Assert.Equal(RtpSequenceVerdict.InOrder, tracker.Update(1));
        Assert.Equal(65536u + 1, tracker.ExtendedHighest);
        Assert.Equal(0, tracker.Lost);
        Assert.Equal(4, tracker.Received);
    }

    [Fact]
    public void Update_Gap_CountsLost()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Update(10);
        Assert.Equal(RtpSequenceVerdict.Gap, tracker.Update(14));
        Assert.Equal(3, tracker.Lost);
    }

    [Fact]
    public void Update_DuplicateAndLate_Refused()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Update(10);
        tracker.Update(12);
        Assert.Equal(RtpSequenceVerdict.Duplicate, tracker.Update(12));
        Assert.Equal(RtpSequenceVerdict.Late, tracker.Update(11));
        Assert.Equal(2, tracker.Reordered);
        Assert.Equal(1, tracker.Lost);
    }

    [Fact]
    public void Update_LargeJump_AcceptedOnlyWhenConfirmed()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Update(100);
        Assert.Equal(RtpSequenceVerdict.Jump, tracker.Update(30000));
        Assert.Equal(RtpSequenceVerdict.Jump, tracker.Update(40000));
        Assert.Equal(RtpSequenceVerdict.Restart, tracker.Update(40001));
        Assert.Equal(RtpSequenceVerdict.InOrder, tracker.Update(40002));
        Assert.Equal(0, tracker.Lost);
    }
}
