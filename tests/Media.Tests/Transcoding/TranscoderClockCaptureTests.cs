using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>A transcoded frame carries the capture instant of the input it came from, not the time ffmpeg gave it back.</summary>
public sealed class TranscoderClockCaptureTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CapturedAt_AacToOpus_SameInstantAsTheInputFrames()
    {
        var clock = new TranscoderClock(16_000, 48_000);
        Assert.Null(clock.CapturedAt(0));

        var firstPts = clock.ToPts(32_000, Start);
        var secondPts = clock.ToPts(32_320, Start.AddMilliseconds(20));

        Assert.Equal(Start, clock.CapturedAt(clock.ToOutput(firstPts)!.Value));
        Assert.Equal(Start.AddMilliseconds(20), clock.CapturedAt(clock.ToOutput(secondPts)!.Value));
    }

    [Fact]
    public void CapturedAt_CameraClockDrifts_FollowsTheLatestInputNotTheFirst()
    {
        var clock = new TranscoderClock(90_000, 90_000);
        clock.ToPts(0, Start);

        // An hour later the camera's clock has run 180 ms slow against the gateway's.
        var pts = clock.ToPts(3600 * 90_000L, Start.AddHours(1).AddMilliseconds(180));

        Assert.Equal(Start.AddHours(1).AddMilliseconds(180), clock.CapturedAt(clock.ToOutput(pts)!.Value));
    }
}
