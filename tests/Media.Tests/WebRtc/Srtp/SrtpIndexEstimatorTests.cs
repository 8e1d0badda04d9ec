using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

public sealed class SrtpIndexEstimatorTests
{
    [Theory]
    [InlineData("in order", 5u, 100, 101, 5L)]
    [InlineData("late, same ROC", 5u, 100, 50, 5L)]
    [InlineData("late from before the wrap", 5u, 10, 65530, 4L)]
    [InlineData("first after the wrap", 5u, 65535, 0, 6L)]
    [InlineData("early after the wrap", 5u, 65000, 200, 6L)]
    [InlineData("late, high half", 5u, 65000, 40000, 5L)]
    [InlineData("before the first rollover", 0u, 10, 65530, -1L)]
    [InlineData("counter would wrap", uint.MaxValue, 65535, 0, 1L << 32)]
    public void EstimateRolloverCounter_AppendixA(string name, uint roc, int highest, int sequence, long expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, SrtpIndexEstimator.EstimateRolloverCounter(roc, (ushort)highest, (ushort)sequence));
    }

    [Fact]
    public void Update_OnlyForwardMoves()
    {
        var state = new SrtpStreamState { RolloverCounter = 2, HighestSequence = 65000 };

        SrtpIndexEstimator.Update(state, 2, 64000);
        Assert.Equal((ushort)65000, state.HighestSequence);

        SrtpIndexEstimator.Update(state, 3, 10);
        Assert.Equal(3u, state.RolloverCounter);
        Assert.Equal((ushort)10, state.HighestSequence);

        SrtpIndexEstimator.Update(state, 2, 65500);
        Assert.Equal(3u, state.RolloverCounter);
        Assert.Equal((ushort)10, state.HighestSequence);
    }
}
