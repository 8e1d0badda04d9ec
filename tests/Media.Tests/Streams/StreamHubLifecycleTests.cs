using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubLifecycleTests
{
    private static readonly TimeSpan Deletion = StreamSettings.Default.UnusedStreamDeletionTimeout;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task LastSubscriberLeaves_SourceKeptUntilDeletionTimeout_ThenDisposed()
    {
        await using var fixture = new HubFixture();
        var subscription = await fixture.SubscribeAsync();
        await using (subscription)
        {
        }

        Assert.Equal(StreamEndReasons.Unsubscribed, await subscription.Ended);
        Assert.Equal(CameraStreamState.Draining, fixture.Hub.GetStatistics(HubFixture.Camera)!.State);

        // Frames keep the no-input watchdog quiet; only the deletion timeout may end the pull.
        for (var t = TimeSpan.Zero; t < Deletion - Second; t += Second)
        {
            fixture.Factory.Current.EmitVideo(keyframe: true);
            await fixture.AdvanceAsync(Second);
        }

        fixture.Factory.Current.EmitVideo(keyframe: true);
        await fixture.AdvanceAsync(Second - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fixture.Factory.Alive);
        Assert.Equal(1, fixture.Factory.Created);

        await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.sources"));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.viewers"));
    }

    [Fact]
    public async Task SubscriberReturnsBeforeDeletionTimeout_SourceKept()
    {
        await using var fixture = new HubFixture();
        await (await fixture.SubscribeAsync()).DisposeAsync();
        for (var i = 0; i < 30; i++)
        {
            fixture.Factory.Current.EmitVideo(keyframe: true);
            await fixture.AdvanceAsync(Second);
        }

        await using var back = await fixture.SubscribeAsync();
        Assert.Equal(CameraStreamState.Ready, fixture.Hub.GetStatistics(HubFixture.Camera)!.State);
        for (var i = 0; i < 90; i++)
        {
            fixture.Factory.Current.EmitVideo(keyframe: true);
            await fixture.AdvanceAsync(Second);
        }

        Assert.Equal(1, fixture.Factory.Created);
        Assert.Equal(1, fixture.Factory.Alive);
        Assert.False(back.Ended.IsCompleted);
    }

    [Fact]
    public async Task ReleasedCamera_SubscribedAgain_StartsAFreshSource()
    {
        await using var fixture = new HubFixture();
        await (await fixture.SubscribeAsync()).DisposeAsync();
        await fixture.AdvanceAsync(Deletion, step: Second);
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
        var created = fixture.Factory.Created;

        await using var again = await fixture.SubscribeAsync();

        Assert.Equal(created + 1, fixture.Factory.Created);
        Assert.Equal(1, fixture.Factory.Alive);
    }

    [Fact]
    public async Task NoInput_FailsOverToSecondUrlKeepingSubscribers_ThenBackToFirst()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        var first = fixture.Factory.Current;
        first.EmitVideo(keyframe: true);
        Assert.True(subscription.Frames.TryRead(out _));

        await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout);

        Assert.True(first.IsDisposed);
        var second = fixture.Factory.Current;
        Assert.Equal(HubFixture.Url2, second.Url);
        Assert.False(subscription.Ended.IsCompleted);
        second.EmitVideo(keyframe: false);
        Assert.False(subscription.Frames.TryRead(out _));
        var keyframe = second.EmitVideo(keyframe: true);
        Assert.True(subscription.Frames.TryRead(out var resumed));
        Assert.Same(keyframe, resumed);
        Assert.Equal(1, subscription.SourceChanges);
        var stats = fixture.Hub.GetStatistics(HubFixture.Camera)!;
        Assert.Equal(1, stats.SourceUrlIndex);
        Assert.Equal(1, stats.Failovers);
        Assert.True(stats.SourceConnected);

        await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout);

        Assert.True(second.IsDisposed);
        Assert.Equal(HubFixture.Url1, fixture.Factory.Current.Url);
        Assert.Equal(3, fixture.Factory.Created);
        Assert.Equal(1, fixture.Factory.Alive);
        Assert.Equal(1, fixture.Factory.MaxAlive);
        Assert.Equal(2, fixture.Meters.Sum("securestream.media.failovers{reason=no_input}"));
        Assert.False(subscription.Ended.IsCompleted);
    }

    [Fact]
    public async Task SourceEnds_FailsOverAtOnce()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);

        fixture.Factory.Current.End("teardown_by_camera");
        await fixture.FlushAsync();

        Assert.Equal(HubFixture.Url2, fixture.Factory.Current.Url);
        Assert.Equal("teardown_by_camera", fixture.Hub.GetStatistics(HubFixture.Camera)!.LastFailure);
        Assert.Equal(1, fixture.Meters.Sum("securestream.media.failovers{reason=source_failed}"));
    }

    [Fact]
    public async Task FailedAttempts_RetryWithDoublingBackoff()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync();
        fixture.Factory.Current.EmitVideo(keyframe: true);
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;

        fixture.Factory.Current.End("connection_reset");
        await fixture.FlushAsync();
        Assert.Equal(2, fixture.Factory.Created); // the first failover after a healthy source is immediate

        await fixture.AdvanceAsync(fixture.Settings.FailoverBackoff - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, fixture.Factory.Created);
        await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, fixture.Factory.Created);
        await fixture.AdvanceAsync(2 * fixture.Settings.FailoverBackoff - TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, fixture.Factory.Created);
        await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, fixture.Factory.Created);
        Assert.Equal(0, fixture.Factory.Alive);
    }

    [Fact]
    public async Task CameraStaysDown_SubscribersEndWithCameraDownAfterGiveUp()
    {
        await using var fixture = new HubFixture();
        var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;

        fixture.Factory.Current.End("connection_reset");
        await fixture.FlushAsync();
        await fixture.AdvanceAsync(fixture.Settings.GiveUpAfter - TimeSpan.FromMilliseconds(1), step: TimeSpan.FromMilliseconds(500));
        Assert.False(subscription.Ended.IsCompleted);

        await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        Assert.Equal(StreamEndReasons.CameraDown, await subscription.Ended);
        Assert.True(subscription.EndedToken.IsCancellationRequested);
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.viewers"));
        Assert.Single(await subscription.Frames.ReadAllAsync().ToListAsync()); // what was queued, then the end
        Assert.True(subscription.Frames.Completion.IsCompleted);
    }

    [Fact]
    public async Task CameraComesBackBeforeGiveUp_SubscribersKept()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync();
        fixture.Factory.Current.EmitVideo(keyframe: true);
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;
        fixture.Factory.Current.End("connection_reset");
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(10), step: TimeSpan.FromMilliseconds(500));

        fixture.Factory.Behaviour = FakeStartBehaviour.Start;
        for (var i = 0; i < 80; i++)
        {
            // The camera answers again and sends video from whenever the hub's next retry reaches it.
            fixture.Factory.Sources.LastOrDefault(s => !s.IsDisposed)?.EmitVideo(keyframe: i % 10 == 0);
            await fixture.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        }

        Assert.False(subscription.Ended.IsCompleted);
        Assert.Equal(1, fixture.Factory.Alive);
        Assert.True(fixture.Hub.GetStatistics(HubFixture.Camera)!.SourceConnected);
    }

    [Fact]
    public async Task FailoverWithOtherCodecs_EndsSubscribersWithTracksChanged()
    {
        await using var fixture = new HubFixture();
        var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);
        fixture.Factory.Tracks = FakeFrames.H265Tracks;

        fixture.Factory.Current.End("connection_reset");
        await fixture.FlushAsync();

        Assert.Equal(StreamEndReasons.TracksChanged, await subscription.Ended);
        var stats = fixture.Hub.GetStatistics(HubFixture.Camera)!;
        Assert.Equal(MediaCodec.H265, stats.VideoCodec);
        Assert.Equal(CameraStreamState.Draining, stats.State);
    }

    [Fact]
    public async Task FailoverWithSameCodecs_ReplacesTracksAndKeepsSubscribers()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);
        var bigger = FakeFrames.VideoAndAudioTracks.Select(t => t.Kind == TrackKind.Video ? t with { Width = 1920, Height = 1080 } : t).ToArray();
        fixture.Factory.Tracks = bigger;

        fixture.Factory.Current.End("connection_reset");
        await fixture.FlushAsync();

        Assert.False(subscription.Ended.IsCompleted);
        Assert.Equal(1, subscription.TracksVersion);
        Assert.Equal(1920, subscription.Tracks[0].Width);
        Assert.Equal(1080, fixture.Hub.GetStatistics(HubFixture.Camera)!.Height);
    }

    [Fact]
    public async Task DisposeHub_EndsSubscribersDisposesSourcesRefusesNewSubscribers()
    {
        var fixture = new HubFixture();
        var subscriptions = new List<StreamSubscription>();
        for (var i = 0; i < 3; i++)
        {
            subscriptions.Add(await fixture.SubscribeAsync(camera: new("app", $"cam{i}")));
        }

        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;
        var waiting = fixture.SubscribeAsync(camera: new("app", "starting")).AsTask();
        await fixture.FlushAsync(new("app", "starting"));

        await fixture.DisposeAsync();

        foreach (var subscription in subscriptions)
        {
            Assert.Equal(StreamEndReasons.HubShutdown, await subscription.Ended);
        }

        Assert.Equal(StreamEndReasons.HubShutdown, (await Assert.ThrowsAsync<StreamStartException>(() => waiting)).Reason);
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Equal(4, fixture.Factory.Created);
        var refused = await Assert.ThrowsAsync<StreamStartException>(() => fixture.SubscribeAsync().AsTask());
        Assert.Equal(StreamEndReasons.HubShutdown, refused.Reason);
        Assert.Empty(fixture.Hub.GetAll());
    }

    [Fact]
    public async Task CloseCamera_EndsSubscribersWithCameraRemovedAndDisposesTheSource()
    {
        await using var fixture = new HubFixture();
        var subscription = await fixture.SubscribeAsync();

        Assert.True(await fixture.Hub.CloseCameraAsync(HubFixture.Camera));

        Assert.Equal(StreamEndReasons.CameraRemoved, await subscription.Ended);
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
        Assert.False(await fixture.Hub.CloseCameraAsync(HubFixture.Camera));
        await subscription.DisposeAsync();
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.viewers"));
    }
}
