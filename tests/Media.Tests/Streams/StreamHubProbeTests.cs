using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

/// <summary>
/// Keyframe probes (snapshots): a pull only probes used ends when the last probe leaves, not after
/// the deletion timeout; a pull a viewer used keeps the usual timeout; a watched pull's kept
/// keyframe is read without joining it.
/// </summary>
public sealed class StreamHubProbeTests
{
    [Fact]
    public async Task ProbeAsync_OnlyProbesJoined_ReleasedWhenTheLastLeaves_NoDeletionTimeout()
    {
        await using var fixture = new HubFixture();
        var first = await fixture.Hub.ProbeAsync(new PullKey(HubFixture.Camera, string.Empty), [HubFixture.Url1], fixture.Settings, CancellationToken.None);
        var second = await fixture.Hub.ProbeAsync(new PullKey(HubFixture.Camera, string.Empty), [HubFixture.Url1], fixture.Settings, CancellationToken.None);
        fixture.Factory.Current.EmitVideo(keyframe: true);

        await first.DisposeAsync();
        await fixture.FlushAsync();
        Assert.Equal(1, fixture.Factory.Alive);

        await second.DisposeAsync();
        await fixture.FlushAsync();

        // No clock advance at all: the release did not wait for UnusedStreamDeletionTimeout.
        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Null(fixture.Hub.GetStatistics(HubFixture.Camera));
        Assert.Equal(1, fixture.Factory.Created);
    }

    [Fact]
    public async Task ProbeAsync_AViewerJoinedToo_DeletionTimeoutStillApplies()
    {
        await using var fixture = new HubFixture();
        var probe = await fixture.Hub.ProbeAsync(new PullKey(HubFixture.Camera, string.Empty), [HubFixture.Url1], fixture.Settings, CancellationToken.None);
        var viewer = await fixture.SubscribeAsync();
        await viewer.DisposeAsync();
        await probe.DisposeAsync();
        await fixture.FlushAsync();

        Assert.Equal(CameraStreamState.Draining, fixture.Hub.GetStatistics(HubFixture.Camera)!.State);
        Assert.Equal(1, fixture.Factory.Alive);
    }

    [Fact]
    public async Task ProbeAsync_WhileAViewerWatches_ViewerKeepsItsStream()
    {
        await using var fixture = new HubFixture();
        await using var viewer = await fixture.SubscribeAsync();
        await (await fixture.Hub.ProbeAsync(new PullKey(HubFixture.Camera, string.Empty), [HubFixture.Url1], fixture.Settings, CancellationToken.None)).DisposeAsync();
        await fixture.FlushAsync();

        Assert.False(viewer.Ended.IsCompleted);
        Assert.Equal(CameraStreamState.Ready, fixture.Hub.GetStatistics(HubFixture.Camera)!.State);
        Assert.Equal(1, fixture.Factory.Created);
        Assert.Equal(1, fixture.Factory.Alive);
    }

    [Fact]
    public async Task TryGetKeptKeyframe_WatchedPull_LatestKeyframeWithoutJoining()
    {
        await using var fixture = new HubFixture();
        await using var viewer = await fixture.SubscribeAsync();
        var key = new PullKey(HubFixture.Camera, string.Empty);
        Assert.False(fixture.Hub.TryGetKeptKeyframe(key, out _, out _));

        fixture.Factory.Current.EmitVideo(keyframe: true);
        var latest = fixture.Factory.Current.EmitVideo(keyframe: true);
        fixture.Factory.Current.EmitVideo(keyframe: false);

        Assert.True(fixture.Hub.TryGetKeptKeyframe(key, out var keyframe, out var track));
        Assert.Same(latest, keyframe);
        Assert.Equal(latest.TrackId, track!.TrackId);
        Assert.Equal(1, fixture.Hub.GetStatistics(key)!.Subscribers);
    }

    [Fact]
    public async Task TryGetKeptKeyframe_NoPull_FalseAndNothingStarted()
    {
        await using var fixture = new HubFixture();

        Assert.False(fixture.Hub.TryGetKeptKeyframe(new PullKey(HubFixture.Camera, string.Empty), out var keyframe, out var track));
        Assert.Null(keyframe);
        Assert.Null(track);
        Assert.Equal(0, fixture.Factory.Created);
    }
}
