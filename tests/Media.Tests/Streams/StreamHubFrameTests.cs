using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubFrameTests
{
    [Fact]
    public async Task SlowSubscriber_QueueDropsAndCounts_FastSubscriberGetsEveryFrame()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { SubscriberQueueFrames = 4, GopMaxFrames = 4 });
        await using var fast = await fixture.SubscribeAsync();
        await using var slow = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;
        var received = new List<MediaFrame>();
        var sent = new List<MediaFrame>();

        for (var i = 0; i < 20; i++)
        {
            sent.Add(camera.EmitVideo(keyframe: i % 10 == 0));
            while (fast.Frames.TryRead(out var frame))
            {
                received.Add(frame);
            }
        }

        Assert.Equal(sent, received);
        Assert.Equal(0, fast.FramesDropped);
        Assert.Equal(16, slow.FramesDropped);
        Assert.Equal(4, slow.FramesDelivered);
        Assert.Equal(16, fixture.Hub.GetStatistics(HubFixture.Camera)!.FramesDropped);
        Assert.Equal(16, fixture.Meters.Sum("securestream.media.frames_dropped{kind=video}"));
    }

    [Fact]
    public async Task SlowSubscriber_AfterADrop_ResumesAtTheNextKeyframe()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { SubscriberQueueFrames = 3, GopMaxFrames = 3 });
        await using var slow = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;
        camera.EmitVideo(keyframe: true);
        camera.EmitVideo(keyframe: false);
        camera.EmitVideo(keyframe: false);
        camera.EmitVideo(keyframe: false); // dropped: full

        for (var i = 0; i < 3; i++)
        {
            Assert.True(slow.Frames.TryRead(out _));
        }

        camera.EmitVideo(keyframe: false); // dropped: would not decode without the one before
        var keyframe = camera.EmitVideo(keyframe: true);

        Assert.True(slow.Frames.TryRead(out var next));
        Assert.Same(keyframe, next);
        Assert.Equal(2, slow.FramesDropped);
    }

    [Fact]
    public async Task SlowSubscriber_AudioDropsOneByOne_CountedAsAudio()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { SubscriberQueueFrames = 2, GopMaxFrames = 2 });
        await using var slow = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;
        for (var i = 0; i < 5; i++)
        {
            camera.EmitAudio();
        }

        Assert.True(slow.Frames.TryRead(out _));
        var next = camera.EmitAudio();
        Assert.True(slow.Frames.TryRead(out _));
        Assert.True(slow.Frames.TryRead(out var last));

        Assert.Same(next, last);
        Assert.Equal(3, slow.FramesDropped);
        Assert.Equal(3, fixture.Meters.Sum("securestream.media.frames_dropped{kind=audio}"));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.frames_dropped{kind=video}"));
    }

    [Fact]
    public async Task NewSubscriber_FirstReceivesTheGopFromTheLatestKeyframe()
    {
        await using var fixture = new HubFixture();
        await using var first = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;
        camera.EmitVideo(keyframe: true);
        camera.EmitVideo(keyframe: false);
        var gop = new List<MediaFrame>
        {
            camera.EmitVideo(keyframe: true),
            camera.EmitAudio(),
            camera.EmitVideo(keyframe: false),
            camera.EmitVideo(keyframe: false),
        };

        await using var joining = await fixture.SubscribeAsync();
        var live = camera.EmitVideo(keyframe: false);

        var received = new List<MediaFrame>();
        while (joining.Frames.TryRead(out var frame))
        {
            received.Add(frame);
        }

        Assert.Equal([.. gop, live], received);
        Assert.Equal(5, fixture.Hub.GetStatistics(HubFixture.Camera)!.GopFrames);
    }

    [Fact]
    public async Task NewSubscriber_BeforeAnyKeyframe_GetsAudioAtOnceAndVideoFromTheFirstKeyframe()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;

        var audio = camera.EmitAudio();
        camera.EmitVideo(keyframe: false);
        var keyframe = camera.EmitVideo(keyframe: true);

        Assert.True(subscription.Frames.TryRead(out var a));
        Assert.Same(audio, a);
        Assert.True(subscription.Frames.TryRead(out var k));
        Assert.Same(keyframe, k);
        Assert.False(subscription.Frames.TryRead(out _));
        Assert.Equal(0, subscription.FramesDropped);
    }

    [Fact]
    public async Task FramesSentBeforeTheTracksAreKnown_ReachWaitersFromTheFirstKeyframe()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;
        var subscribe = fixture.SubscribeAsync().AsTask();
        await fixture.FlushAsync();
        var camera = fixture.Factory.Current;
        camera.EmitVideo(keyframe: false);
        var keyframe = camera.EmitVideo(keyframe: true);

        camera.CompleteStart();
        await using var subscription = await subscribe;

        Assert.True(subscription.Frames.TryRead(out var first));
        Assert.Same(keyframe, first);
    }

    [Fact]
    public async Task Statistics_CountInputAndDescribeTheTracks()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        var camera = fixture.Factory.Current;
        camera.EmitVideo(keyframe: true, size: 1000);
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(2));
        camera.EmitVideo(keyframe: true, size: 500);
        camera.EmitAudio();

        var stats = fixture.Hub.GetStatistics(HubFixture.Camera)!;

        Assert.Equal(CameraStreamState.Ready, stats.State);
        Assert.Equal(1, stats.Subscribers);
        Assert.Equal(3, stats.FramesIn);
        Assert.Equal(1660, stats.BytesIn);
        Assert.Equal(TimeSpan.FromSeconds(2), stats.KeyframeInterval);
        Assert.Equal(MediaCodec.H264, stats.VideoCodec);
        Assert.Equal(MediaCodec.Pcmu, stats.AudioCodec);
        Assert.Equal(1280, stats.Width);
        Assert.Equal(720, stats.Height);
        Assert.Equal(fixture.Time.GetUtcNow(), stats.LastInputAt);
        Assert.Equal(0, stats.SourceUrlIndex);
        Assert.Equal(2, stats.SourceUrlCount);
        Assert.Equal(1, stats.SourceStarts);
        Assert.Null(stats.LastFailure);
        Assert.DoesNotContain("secret", stats.ToString(), StringComparison.Ordinal);
        Assert.Equal([stats], fixture.Hub.GetAll());
    }

    [Fact]
    public async Task ReplacedSource_LateFramesAreIgnored()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        var old = fixture.Factory.Current;
        old.EmitVideo(keyframe: true);
        Assert.True(subscription.Frames.TryRead(out _));
        old.End("connection_reset");
        await fixture.FlushAsync();

        old.EmitVideo(keyframe: true);

        Assert.False(subscription.Frames.TryRead(out _));
        Assert.Equal(1, fixture.Hub.GetStatistics(HubFixture.Camera)!.FramesIn);
    }
}
