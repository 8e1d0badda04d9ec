using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

/// <summary>
/// <see cref="StreamSubscription.ConsumeAsync"/>: with few subscribers the consumer runs on the
/// source's thread right after the fan-out; with many, on its own task; frames stay in order and
/// the end, the GOP and a failing consumer behave as with the queue's reader.
/// </summary>
public sealed class StreamSubscriptionConsumeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FewSubscribers_ConsumerRunsOnTheSourceThread_BeforeTheFrameCallReturns()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync();
        var consumer = new RecordingConsumer();
        using var stop = new CancellationTokenSource(Patience);
        var consuming = subscription.ConsumeAsync(consumer.Consume, stop.Token);
        var camera = fixture.Factory.Current;

        var sent = new List<MediaFrame>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add(RecordingConsumer.Emitting(() => camera.EmitVideo(keyframe: i == 0)));

            // Nothing else ran it: the frame is consumed by the time the source's call returns.
            Assert.Equal(sent, consumer.Frames);
        }

        Assert.All(consumer.InsideEmit, Assert.True);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }

    [Fact]
    public async Task ManySubscribers_ConsumerRunsOnItsOwnTask_EveryFrameInOrder()
    {
        await using var fixture = new HubFixture();
        var subscriptions = new List<StreamSubscription>();
        for (var i = 0; i <= FrameFanOut.DrainOnSourceThreadLimit; i++)
        {
            subscriptions.Add(await fixture.SubscribeAsync());
        }

        var consumer = new RecordingConsumer();
        using var stop = new CancellationTokenSource(Patience);
        var watched = subscriptions[0];
        var consuming = watched.ConsumeAsync(consumer.Consume, stop.Token);
        var camera = fixture.Factory.Current;
        var sent = new List<MediaFrame>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add(RecordingConsumer.Emitting(() => camera.EmitVideo(keyframe: i == 0)));
        }

        await consumer.WaitForAsync(sent.Count, stop.Token);
        Assert.Equal(sent, consumer.Frames);
        Assert.All(consumer.InsideEmit, Assert.False);

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        await consuming.WaitAsync(Patience);
    }

    [Fact]
    public async Task JoinAfterTheCameraStarted_GopFirst_ThenLiveFrames_AndTheEndAfterTheLastFrame()
    {
        await using var fixture = new HubFixture();
        await using var first = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;
        var gop = new List<MediaFrame> { camera.EmitVideo(keyframe: true), camera.EmitVideo(keyframe: false) };
        var late = await fixture.SubscribeAsync();
        var consumer = new RecordingConsumer();
        using var stop = new CancellationTokenSource(Patience);

        var consuming = late.ConsumeAsync(consumer.Consume, stop.Token);
        var live = camera.EmitVideo(keyframe: false);
        await consumer.WaitForAsync(3, stop.Token);
        await late.DisposeAsync();

        await consuming.WaitAsync(Patience);
        gop.Add(live);
        Assert.Equal(gop, consumer.Frames);
    }

    [Fact]
    public async Task ConsumerThrowsOnTheSourceThread_TheCameraGoesOn_AndTheConsumerTaskFails()
    {
        await using var fixture = new HubFixture();
        await using var failing = await fixture.SubscribeAsync();
        await using var other = await fixture.SubscribeAsync();
        using var stop = new CancellationTokenSource(Patience);
        var consuming = failing.ConsumeAsync(_ => throw new InvalidOperationException("consumer bug"), stop.Token);
        var camera = fixture.Factory.Current;

        camera.EmitVideo(keyframe: true);
        var next = camera.EmitVideo(keyframe: false);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => consuming.WaitAsync(Patience));
        Assert.Equal("consumer bug", failure.Message);
        Assert.True(other.Frames.TryRead(out _));
        Assert.True(other.Frames.TryRead(out var second));
        Assert.Same(next, second);
    }

    [Fact]
    public async Task FramesFromManyThreads_OneConsumerAtATime_NoneLostOrRepeated()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { SubscriberQueueFrames = 10_000 });
        await using var subscription = await fixture.SubscribeAsync();
        var consumer = new RecordingConsumer();
        using var stop = new CancellationTokenSource(Patience);
        var consuming = subscription.ConsumeAsync(consumer.Consume, stop.Token);
        var camera = fixture.Factory.Current;
        camera.EmitVideo(keyframe: true);

        // Audio frames stand alone, so none is held back waiting for a keyframe.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                camera.EmitAudio();
            }
        })));

        await consumer.WaitForAsync(1001, stop.Token);
        Assert.Equal(1001, consumer.Frames.Distinct().Count());
        Assert.Equal(1, consumer.MaxConcurrent);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }

    private sealed class RecordingConsumer
    {
        [ThreadStatic]
        private static bool t_emitting;

        private readonly Lock _lock = new();
        private readonly List<MediaFrame> _frames = [];
        private readonly List<bool> _insideEmit = [];
        private int _running;
        private int _maxConcurrent;

        public IReadOnlyList<MediaFrame> Frames
        {
            get
            {
                lock (_lock)
                {
                    return [.. _frames];
                }
            }
        }

        /// <summary>Per consumed frame: whether it was consumed inside a source's <see cref="Emitting"/> call on the same thread.</summary>
        public IReadOnlyList<bool> InsideEmit
        {
            get
            {
                lock (_lock)
                {
                    return [.. _insideEmit];
                }
            }
        }

        public static MediaFrame Emitting(Func<MediaFrame> emit)
        {
            t_emitting = true;
            try
            {
                return emit();
            }
            finally
            {
                t_emitting = false;
            }
        }

        public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

        public void Consume(MediaFrame frame)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxConcurrent, running);
            lock (_lock)
            {
                _frames.Add(frame);
                _insideEmit.Add(t_emitting);
            }

            Interlocked.Decrement(ref _running);
        }

        public async Task WaitForAsync(int count, CancellationToken cancellationToken)
        {
            while (Frames.Count < count)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
