namespace SecureStream.Media.Tests.Streams;

/// <summary>
/// A viewer joining a pull that keeps no keyframe has the source ask the camera for one (the
/// source rate-limits); a pull that keeps one asks nothing; a subscriber that asks (a restarted
/// transcoder) reaches the source through the stream's loop; the source's requests are counted
/// under the camera.
/// </summary>
public sealed class KeyframeRequestOnJoinTests
{
    [Fact]
    public async Task Join_NoKeptKeyframe_AsksTheSource()
    {
        await using var fixture = new HubFixture();
        await using var first = await fixture.SubscribeAsync();
        var source = fixture.Factory.Current;
        source.EmitVideo(keyframe: false);
        var before = source.KeyframeRequests;

        await using var second = await fixture.SubscribeAsync();
        await fixture.FlushAsync();

        Assert.Equal(before + 1, source.KeyframeRequests);
    }

    [Fact]
    public async Task Join_KeyframeKept_AsksNothing()
    {
        await using var fixture = new HubFixture();
        await using var first = await fixture.SubscribeAsync();
        var source = fixture.Factory.Current;
        source.EmitVideo(keyframe: true);
        source.EmitVideo(keyframe: false);
        var before = source.KeyframeRequests;

        await using var second = await fixture.SubscribeAsync();
        await using var third = await fixture.SubscribeAsync();
        await fixture.FlushAsync();

        Assert.Equal(before, source.KeyframeRequests);
    }

    [Fact]
    public async Task Subscriber_RequestKeyframe_AsksTheSourceThroughTheLoop_EndedSubscriberAsksNothing()
    {
        await using var fixture = new HubFixture();
        var subscription = await fixture.SubscribeAsync();
        var source = fixture.Factory.Current;
        source.EmitVideo(keyframe: true);
        await fixture.FlushAsync();
        var before = source.KeyframeRequests;

        subscription.RequestKeyframe();
        await fixture.FlushAsync();
        Assert.Equal(before + 1, source.KeyframeRequests);

        await subscription.DisposeAsync();
        subscription.RequestKeyframe();
        await fixture.FlushAsync();
        Assert.Equal(before + 1, source.KeyframeRequests);
    }

    [Fact]
    public async Task SourceKeyframeRequests_AreCountedUnderTheCamera()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync();
        var source = fixture.Factory.Current;
        Assert.NotNull(source.KeyframeRequested);

        source.KeyframeRequested!();
        source.KeyframeRequested!();

        Assert.Equal(2, fixture.Meters.Sum($"securestream.media.plis_sent{{camera={HubFixture.Camera}}}"));
    }
}
