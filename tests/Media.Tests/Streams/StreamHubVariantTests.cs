using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

/// <summary>A pull is keyed by camera and forwarded query: the first viewer's parameters never become another viewer's stream.</summary>
public sealed class StreamHubVariantTests
{
    private static readonly Uri Channel1 = new("rtsp://user:secret@camera-a.example/stream?channel=1");
    private static readonly Uri Channel2 = new("rtsp://user:secret@camera-a.example/stream?channel=2");

    private static ValueTask<StreamSubscription> SubscribeAsync(HubFixture fixture, string variant, Uri url) =>
        fixture.Hub.SubscribeAsync(new PullKey(HubFixture.Camera, variant), [url], fixture.Settings, CancellationToken.None);

    [Fact]
    public async Task DifferentForwardedQueries_OwnPulls_NeitherSeesTheOthersFrames()
    {
        await using var fixture = new HubFixture();

        await using var first = await SubscribeAsync(fixture, "channel=1", Channel1);
        await using var second = await SubscribeAsync(fixture, "channel=2", Channel2);

        Assert.Equal(2, fixture.Factory.Created);
        var one = fixture.Factory.Latest(Channel1)!;
        var two = fixture.Factory.Latest(Channel2)!;
        var fromOne = one.EmitVideo(keyframe: true, size: 111);
        var fromTwo = two.EmitVideo(keyframe: true, size: 222);
        await fixture.FlushAsync();

        Assert.True(first.Frames.TryRead(out var firstFrame));
        Assert.Same(fromOne, firstFrame);
        Assert.False(first.Frames.TryRead(out _));
        Assert.True(second.Frames.TryRead(out var secondFrame));
        Assert.Same(fromTwo, secondFrame);
        Assert.False(second.Frames.TryRead(out _));
        Assert.Equal(2, fixture.Hub.PullsOf(HubFixture.Camera).Count);
    }

    [Fact]
    public async Task SameForwardedQuery_OnePullShared()
    {
        await using var fixture = new HubFixture();

        var subscriptions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SubscribeAsync(fixture, "channel=1", Channel1).AsTask()));

        Assert.Equal(1, fixture.Factory.Created);
        Assert.Equal(20, fixture.Hub.GetStatistics(new PullKey(HubFixture.Camera, "channel=1"))!.Subscribers);
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task FifthVariant_RefusedBeforeAnyCameraContact_EarlierOnesKept()
    {
        await using var fixture = new HubFixture();
        var held = new List<StreamSubscription>();
        for (var i = 0; i < StreamHub.MaxVariantsPerCamera; i++)
        {
            held.Add(await SubscribeAsync(fixture, $"channel={i}", new Uri($"rtsp://camera-a.example/stream?channel={i}")));
        }

        var refused = await Assert.ThrowsAsync<StreamStartException>(() =>
            SubscribeAsync(fixture, "channel=99", new Uri("rtsp://camera-a.example/stream?channel=99")).AsTask());

        Assert.Equal(StreamEndReasons.VariantLimit, refused.Reason);
        Assert.Equal(StreamHub.MaxVariantsPerCamera, fixture.Factory.Created);
        Assert.All(held, s => Assert.False(s.Ended.IsCompleted));

        // An existing variant still admits more viewers, and another camera is not affected.
        await using var joined = await SubscribeAsync(fixture, "channel=0", new Uri("rtsp://camera-a.example/stream?channel=0"));
        await using var other = await fixture.Hub.SubscribeAsync(new PullKey(new("app", "cam2"), "channel=99"), [Channel2], fixture.Settings, CancellationToken.None);
        Assert.Equal(StreamHub.MaxVariantsPerCamera + 1, fixture.Factory.Created);
        foreach (var subscription in held)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task VariantReleased_SlotFreedForAnother()
    {
        await using var fixture = new HubFixture();
        for (var i = 0; i < StreamHub.MaxVariantsPerCamera; i++)
        {
            await (await SubscribeAsync(fixture, $"v={i}", new Uri($"rtsp://camera-a.example/stream?v={i}"))).DisposeAsync();
        }

        await fixture.AdvanceAsync(StreamSettings.Default.UnusedStreamDeletionTimeout + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Empty(fixture.Hub.PullsOf(HubFixture.Camera));

        await using var next = await SubscribeAsync(fixture, "v=new", new Uri("rtsp://camera-a.example/stream?v=new"));
        Assert.Single(fixture.Hub.PullsOf(HubFixture.Camera));
    }

    [Fact]
    public async Task CloseCamera_EndsEveryVariant()
    {
        await using var fixture = new HubFixture();
        await using var first = await SubscribeAsync(fixture, "channel=1", Channel1);
        await using var second = await SubscribeAsync(fixture, string.Empty, HubFixture.Url1);

        Assert.True(await fixture.Hub.CloseCameraAsync(HubFixture.Camera));

        Assert.Equal(StreamEndReasons.CameraRemoved, await first.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StreamEndReasons.CameraRemoved, await second.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Substream_OwnPull_CountsTowardTheCamerasVariantCap()
    {
        await using var fixture = new HubFixture();
        var sub = new Uri("rtsp://camera-a.example/sub");
        await using var main = await SubscribeAsync(fixture, string.Empty, HubFixture.Url1);
        await using var substream = await fixture.Hub.SubscribeAsync(
            new PullKey(HubFixture.Camera, string.Empty, SecureStream.Policy.Access.CameraRendition.Sub), [sub], fixture.Settings, CancellationToken.None);

        Assert.Equal(2, fixture.Factory.Created);
        Assert.NotNull(fixture.Factory.Latest(sub));
        await using var second = await SubscribeAsync(fixture, "channel=1", Channel1);
        await using var third = await SubscribeAsync(fixture, "channel=2", Channel2);
        // Main, sub and two forwarded variants: the fifth pull of this camera is refused.
        var refused = await Assert.ThrowsAsync<StreamStartException>(() =>
            SubscribeAsync(fixture, "channel=3", new Uri("rtsp://camera-a.example/stream?channel=3")).AsTask());
        Assert.Equal(StreamEndReasons.VariantLimit, refused.Reason);
    }
}
