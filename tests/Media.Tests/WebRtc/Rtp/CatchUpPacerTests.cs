using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Rtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

public sealed class CatchUpPacerTests
{
    private static readonly DateTimeOffset WriterStart = Start.AddSeconds(10);

    private static OutboundFrame Frame(DateTimeOffset capturedAt, bool keyframe = false) =>
        new(0, keyframe, [new byte[OutboundTrackPacketizer.HeaderSize + 1]], capturedAt);

    [Fact]
    public void WaitAsync_LiveFrames_NeverHeld()
    {
        var time = new FakeTimeProvider(WriterStart);
        var pacer = new CatchUpPacer(time);

        Assert.True(pacer.WaitAsync(Frame(WriterStart), CancellationToken.None).AsTask().IsCompleted);
        Assert.True(pacer.WaitAsync(Frame(WriterStart.AddMilliseconds(40)), CancellationToken.None).AsTask().IsCompleted);
        Assert.True(pacer.WaitAsync(Frame(WriterStart.AddMilliseconds(80)), CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_Backlog_FirstAtOnceThenAtFourTimesTheCamerasPace()
    {
        var time = new FakeTimeProvider(WriterStart);
        var pacer = new CatchUpPacer(time);
        var captured = WriterStart.AddSeconds(-1);

        Assert.True(pacer.WaitAsync(Frame(captured, keyframe: true), CancellationToken.None).AsTask().IsCompleted);

        // The camera sent the next frame 40 ms later: it may leave 10 ms after the first.
        var second = pacer.WaitAsync(Frame(captured.AddMilliseconds(40)), CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        var third = pacer.WaitAsync(Frame(captured.AddMilliseconds(80)), CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10));
        await third;
    }

    [Fact]
    public async Task WaitAsync_CameraGap_WaitCappedAtMaxStep()
    {
        var (time, pacer, captured) = await AfterFirstBacklogFrameAsync(TimeSpan.FromSeconds(5));

        // A camera that stalled for 3 s before the next frame: the viewer waits 50 ms, not 750.
        var next = pacer.WaitAsync(Frame(captured.AddSeconds(3)), CancellationToken.None).AsTask();
        time.Advance(CatchUpPacer.MaxStep - TimeSpan.FromMilliseconds(1));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next;
    }

    [Fact]
    public async Task WaitAsync_BehindSchedule_SendsAtOnceWithoutBankingABurst()
    {
        var (time, pacer, captured) = await AfterFirstBacklogFrameAsync(TimeSpan.FromSeconds(1));

        // The send of the first frame took 100 ms (a slow socket): the next frames are late…
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pacer.WaitAsync(Frame(captured.AddMilliseconds(40)), CancellationToken.None).AsTask().IsCompleted);

        // …but the schedule restarts from now: the one after still waits its 10 ms.
        var next = pacer.WaitAsync(Frame(captured.AddMilliseconds(80)), CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10));
        await next;
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var (time, pacer, captured) = await AfterFirstBacklogFrameAsync(TimeSpan.FromSeconds(1));
        using var cancel = new CancellationTokenSource();

        var next = pacer.WaitAsync(Frame(captured.AddMilliseconds(40)), cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task Writer_WithPacer_SendsTheKeptGopSpreadOutAndLiveFramesAtOnce()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var frames = H264Frames(count: 12).Select(new OutboundTrackPacketizer(Video(), 1, 1).Packetize).Select(f => f!).ToList();
        Assert.True(frames[0].IsKeyframe, "the fixture starts with a keyframe");

        // The fixture's frames were captured 33 ms apart from Start; the writer starts right after the last.
        var time = new FakeTimeProvider(frames[^1].CapturedAt.AddMilliseconds(1));
        var writer = new ViewerRtpWriter(gateway, 1, 96, isVideo: true, (_, _) => ValueTask.CompletedTask, catchUp: new CatchUpPacer(time));
        foreach (var frame in frames)
        {
            writer.Enqueue(frame);
        }

        var live = frames[^1] with { CapturedAt = time.GetUtcNow() };
        writer.Enqueue(live);
        writer.Complete();
        var run = writer.RunAsync(CancellationToken.None);

        // Only the keyframe goes at once; each following frame is held until a quarter of the
        // camera's gap before it has passed.
        for (var i = 1; i < frames.Count; i++)
        {
            var before = frames.Take(i).Sum(f => f.Packets.Count);
            await WaitUntilAsync(() => writer.PacketsSent >= before);
            await Task.Delay(20);
            Assert.Equal(before, writer.PacketsSent);
            time.Advance(TimeSpan.FromTicks((frames[i].CapturedAt - frames[i - 1].CapturedAt).Ticks / CatchUpPacer.Speed));
        }

        // The last kept frame and the live one follow without another wait.
        await run;
        Assert.Equal(frames.Sum(f => f.Packets.Count) + live.Packets.Count, writer.PacketsSent);
    }

    /// <summary>A pacer whose backlog began <paramref name="age"/> before the writer started, its first frame (the keyframe) already sent.</summary>
    private static async Task<(FakeTimeProvider Time, CatchUpPacer Pacer, DateTimeOffset Captured)> AfterFirstBacklogFrameAsync(TimeSpan age)
    {
        var time = new FakeTimeProvider(WriterStart);
        var pacer = new CatchUpPacer(time);
        var captured = WriterStart - age;
        await pacer.WaitAsync(Frame(captured, keyframe: true), CancellationToken.None);
        return (time, pacer, captured);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
