using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoClipClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_NoSessionPlaying_NoTimerArmed()
    {
        var time = new ArmedTimerTimeProvider();
        await using var clock = new DemoClipClock(DemoClipLibrary.BuiltIn, time, NullLogger<DemoClipClock>.Instance);

        clock.Start();
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        // A timer ticking with nobody to send to woke the gateway 50 times a second (S1, idle CPU).
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public async Task Subscribe_ThenUnsubscribe_TimerRunsOnlyWhileTheSessionPlays()
    {
        var time = new ArmedTimerTimeProvider();
        await using var clock = new DemoClipClock(DemoClipLibrary.BuiltIn, time, NullLogger<DemoClipClock>.Instance);
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        var session = NewSession(queue.Writer);
        clock.Start();

        clock.Subscribe(session);
        await ReadOneAsync(queue.Reader);

        Assert.Equal(1, time.ArmedTimers);

        clock.Unsubscribe(session);
        await WaitUntilAsync(() => time.ArmedTimers == 0);
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public async Task Subscribe_BeforeTheLoopFirstRuns_SessionPlays()
    {
        var time = new ArmedTimerTimeProvider();
        await using var clock = new DemoClipClock(DemoClipLibrary.BuiltIn, time, NullLogger<DemoClipClock>.Instance);
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();

        // The loop then finds a session playing while its timer is still stopped.
        clock.Subscribe(NewSession(queue.Writer));
        clock.Start();

        await ReadOneAsync(queue.Reader);
        Assert.Equal(1, time.ArmedTimers);
    }

    private static DemoRtspSession NewSession(ChannelWriter<DemoOutboundBuffer> writer) =>
        new("s1", "lobby", DemoClipLibrary.BuiltIn.Resolve("lobby"), writer)
        {
            Video = new DemoRtpTrack(0, 0, DemoSdpWriter.VideoPayloadType, DemoClip.VideoClockRate),
            Audio = new DemoRtpTrack(1, 2, DemoSdpWriter.AudioPayloadType, DemoClip.AudioClockRate),
        };

    private static async Task ReadOneAsync(ChannelReader<DemoOutboundBuffer> reader)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var buffer = await reader.ReadAsync(cancel.Token);
        buffer.Return();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>The system clock, counting the timers it created that are armed (due time not infinite).</summary>
    private sealed class ArmedTimerTimeProvider : TimeProvider
    {
        private int _armed;

        public int ArmedTimers => Volatile.Read(ref _armed);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new CountedTimer(this, System.CreateTimer(callback, state, dueTime, period), dueTime != Timeout.InfiniteTimeSpan);

        private sealed class CountedTimer : ITimer
        {
            private readonly ArmedTimerTimeProvider _owner;
            private readonly ITimer _inner;
            private readonly Lock _gate = new();
            private bool _armed;

            public CountedTimer(ArmedTimerTimeProvider owner, ITimer inner, bool armed)
            {
                _owner = owner;
                _inner = inner;
                Set(armed);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                Set(dueTime != Timeout.InfiniteTimeSpan);
                return _inner.Change(dueTime, period);
            }

            public void Dispose()
            {
                Set(false);
                _inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Set(false);
                return _inner.DisposeAsync();
            }

            private void Set(bool armed)
            {
                lock (_gate)
                {
                    if (armed != _armed)
                    {
                        _armed = armed;
                        Interlocked.Add(ref _owner._armed, armed ? 1 : -1);
                    }
                }
            }
        }
    }
}
