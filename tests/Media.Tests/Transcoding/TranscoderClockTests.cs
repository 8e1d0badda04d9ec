using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

public sealed class TranscoderClockTests
{
    private static readonly DateTimeOffset Captured = DateTimeOffset.UnixEpoch;

    [Fact]
    public void ToOutput_SameRate_TheInputTimestampBack()
    {
        var clock = new TranscoderClock(90_000, 90_000);
        var pts = clock.ToPts(7_000_000_000, Captured);
        var later = clock.ToPts(7_000_003_600, Captured);

        Assert.Equal(TranscoderClock.Origin, pts);
        Assert.Equal(7_000_000_000, clock.ToOutput(pts));
        Assert.Equal(7_000_003_600, clock.ToOutput(later));
    }

    [Fact]
    public void ToOutput_16kHzSourceTo48kHz_TheSameInstantOnTheOutputClock()
    {
        var clock = new TranscoderClock(16_000, 48_000);
        clock.ToPts(160_000, Captured); // 10 s on the camera's clock
        var pts = clock.ToPts(176_000, Captured); // 11 s

        Assert.Equal(528_000, clock.ToOutput(pts)); // 11 s at 48 kHz
        Assert.Equal(480_000 - 360, clock.ToOutput(TranscoderClock.Origin - 675)); // an encoder's priming, 7.5 ms before the first input
    }

    [Fact]
    public void ToOutput_PtsWrappedAt33Bits_Unwrapped()
    {
        var clock = new TranscoderClock(90_000, 90_000);
        clock.ToPts(0, Captured);
        var nearWrap = (1L << 33) - TranscoderClock.Origin - 10; // input timestamp whose PTS is 10 ticks before 2^33
        var pts = clock.ToPts(nearWrap + 20, Captured);

        Assert.Equal(nearWrap + 20, clock.ToOutput(pts & ((1L << 33) - 1))); // ffmpeg hands back 33 bits
        Assert.Equal(nearWrap, clock.ToOutput((pts - 20) & ((1L << 33) - 1)));
    }

    [Fact]
    public void ToOutput_BeforeAnyInput_Null()
    {
        Assert.Null(new TranscoderClock(48_000, 48_000).ToOutput(TranscoderClock.Origin));
    }
}
