using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Check_Empty_AcceptsAnything()
    {
        var window = default(SrtpReplayWindow);

        Assert.Equal(SrtpResult.Ok, window.Check(0));
        Assert.Equal(SrtpResult.Ok, window.Check(ulong.MaxValue >> 16));
    }

    [Fact]
    public void Check_WithoutAccept_NeverChangesTheWindow()
    {
        var window = default(SrtpReplayWindow);
        window.Accept(100);
        _ = window.Check(1000);

        Assert.Equal(SrtpResult.Ok, window.Check(99));
        Assert.Equal(SrtpResult.Replayed, window.Check(100));
    }

    [Fact]
    public void Accept_Edges_SeenReplayedAndTooOld()
    {
        var window = default(SrtpReplayWindow);
        window.Accept(1000);
        window.Accept(1000 - 63);
        window.Accept(1001);

        Assert.Equal(SrtpResult.Replayed, window.Check(1000));
        Assert.Equal(SrtpResult.Replayed, window.Check(1001));
        Assert.Equal(SrtpResult.Ok, window.Check(999));
        Assert.Equal(SrtpResult.Ok, window.Check(1001 - 63));
        Assert.Equal(SrtpResult.TooOld, window.Check(1001 - 64));
        Assert.Equal(SrtpResult.TooOld, window.Check(1000 - 63));
    }

    [Fact]
    public void Accept_JumpBeyondWindow_ForgetsOldBits()
    {
        var window = default(SrtpReplayWindow);
        window.Accept(10);
        window.Accept(10 + 200);

        Assert.Equal(SrtpResult.Replayed, window.Check(210));
        Assert.Equal(SrtpResult.Ok, window.Check(209));
        Assert.Equal(SrtpResult.TooOld, window.Check(10));
    }
}
