using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubStartTests
{
    [Fact]
    public async Task GetStatistics_HundredUnwatchedCameras_NoSourceStarted()
    {
        await using var fixture = new HubFixture();
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(fixture.Hub.GetStatistics(new CameraPath("app", $"cam{i}")));
        }

        Assert.Empty(fixture.Hub.GetAll());
        Assert.Equal(0, fixture.Factory.Created);
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.sources"));
    }

    [Fact]
    public async Task SubscribeAsync_FiveConcurrentFirstSubscribers_OneSourceStart()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;

        var subscribes = Enumerable.Range(0, 5).Select(_ => Task.Run(() => fixture.SubscribeAsync().AsTask())).ToArray();
        await WaitForWaitersAsync(fixture, 5);

        Assert.Equal(1, fixture.Factory.Created);
        Assert.All(subscribes, s => Assert.False(s.IsCompleted));
        var starting = fixture.Hub.GetStatistics(HubFixture.Camera)!;
        Assert.Equal(CameraStreamState.Starting, starting.State);
        Assert.Equal(5, starting.Waiting);

        fixture.Factory.Current.CompleteStart();
        var subscriptions = await Task.WhenAll(subscribes);

        Assert.Equal(1, fixture.Factory.Created);
        Assert.All(subscriptions, s => Assert.Equal(MediaCodec.H264, s.Tracks[0].Codec));
        var ready = fixture.Hub.GetStatistics(HubFixture.Camera)!;
        Assert.Equal(CameraStreamState.Ready, ready.State);
        Assert.Equal(5, ready.Subscribers);
        Assert.Equal(0, ready.Waiting);
        Assert.Equal(5, fixture.Meters.Sum("securestream.media.viewers"));
    }

    [Fact]
    public async Task SubscribeAsync_ArrivingWhileStarting_WaitsAndGetsTheStream()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;

        var first = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(2));
        var second = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        fixture.Factory.Current.CompleteStart();
        await using var a = await first;
        await using var b = await second;

        Assert.Equal(1, fixture.Factory.Created);
        Assert.Equal(2, fixture.Hub.GetStatistics(HubFixture.Camera)!.Subscribers);
    }

    [Fact]
    public async Task SubscribeAsync_CameraNeverAnswers_FailsWithStartTimeoutAndReleases()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;

        var subscribe = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();
        await fixture.AdvanceAsync(fixture.Settings.StartTimeout - TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
        Assert.False(subscribe.IsCompleted);

        await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var failure = await Assert.ThrowsAsync<StreamStartException>(() => subscribe);

        Assert.Equal(StreamEndReasons.StartTimeout, failure.Reason);
        Assert.Equal("no_input", failure.SourceReason);
        Assert.DoesNotContain("secret", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
    }

    [Fact]
    public async Task SubscribeAsync_EachWaiterHasItsOwnDeadline_StartGoesOnForTheOthers()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { NoInputFailoverTimeout = TimeSpan.FromSeconds(30) });
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;
        var early = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(5));
        var late = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();

        await fixture.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(StreamEndReasons.StartTimeout, (await Assert.ThrowsAsync<StreamStartException>(() => early)).Reason);
        Assert.False(late.IsCompleted);
        Assert.Equal(1, fixture.Factory.Alive);

        fixture.Factory.Current.CompleteStart();
        await using var subscription = await late;
        Assert.Equal(1, fixture.Factory.Created);
    }

    [Fact]
    public async Task SubscribeAsync_EveryUrlRefuses_FailsWithCameraUnreachable()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;
        fixture.Factory.FailureReason = "auth_failed";

        var failure = await Assert.ThrowsAsync<StreamStartException>(
            () => fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]).AsTask());

        Assert.Equal(StreamEndReasons.CameraUnreachable, failure.Reason);
        Assert.Equal("auth_failed", failure.SourceReason);
        Assert.Equal([HubFixture.Url1, HubFixture.Url2], fixture.Factory.Sources.Select(s => s.Url));
        Assert.Equal(0, fixture.Factory.Alive);
    }

    [Fact]
    public async Task SubscribeAsync_FirstUrlRefusesSecondWorks_GetsTheStream()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;

        var subscribe = fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]).AsTask();
        await fixture.FlushAsync();
        fixture.Factory.Current.FailStart("connection_refused");
        await fixture.FlushAsync();
        fixture.Factory.Current.CompleteStart();
        await using var subscription = await subscribe;

        Assert.Equal(HubFixture.Url2, fixture.Factory.Current.Url);
        Assert.Equal(1, fixture.Hub.GetStatistics(HubFixture.Camera)!.SourceUrlIndex);
    }

    [Fact]
    public async Task SubscribeAsync_CancelledWhileStarting_ThrowsAndAbandonsTheStart()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;
        using var cancel = new CancellationTokenSource();

        var subscribe = fixture.SubscribeAsync(cancellationToken: cancel.Token).AsTask();
        await fixture.FlushAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscribe);
        await fixture.FlushAsync();
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
    }

    [Fact]
    public async Task SubscribeAsync_InvalidSettings_ThrowsNamingTheSetting()
    {
        await using var fixture = new HubFixture();
        var settings = StreamSettings.Default with { SubscriberQueueFrames = 10, GopMaxFrames = 20 };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Hub.SubscribeAsync(HubFixture.Camera, [HubFixture.Url1], settings, default).AsTask());

        Assert.Contains(nameof(StreamSettings.SubscriberQueueFrames), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Factory.Created);
    }

    private static async Task WaitForWaitersAsync(HubFixture fixture, int waiters)
    {
        // The subscribes run on the thread pool; each flush lets the loop take what arrived.
        while ((fixture.Hub.GetStatistics(HubFixture.Camera)?.Waiting ?? 0) < waiters)
        {
            await fixture.FlushAsync();
            await Task.Yield();
        }
    }
}
