using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

/// <summary>The track filter and the two fan-outs (camera, transcoder) offering to one viewer's subscription.</summary>
public sealed class StreamSubscriptionTrackFilterTests
{
    private static readonly int Transcoded = TranscodedTrackIds.Of(0);

    [Fact]
    public void Offer_TrackNotAccepted_NeitherQueuedNorCountedAsDrop()
    {
        var drops = 0;
        var subscription = Subscription(capacity: 8, () => drops++);
        subscription.AcceptOnly([0]);

        Assert.False(subscription.Offer(FakeFrames.Audio(0)));
        Assert.False(subscription.Offer(FakeFrames.Video(keyframe: true, 0)));

        Assert.True(subscription.Frames.TryRead(out var frame));
        Assert.Equal(0, frame.TrackId);
        Assert.False(subscription.Frames.TryRead(out _));
        Assert.Equal((1, 0, 0), (subscription.FramesDelivered, subscription.FramesDropped, drops));
    }

    [Fact]
    public void Offer_CameraVideoTranscoded_TranscoderVideoStartsAtItsOwnKeyframe()
    {
        var subscription = Subscription(capacity: 16);

        // Before the session negotiated, the camera's GOP reached the queue: its keyframe must not
        // let the transcoder's first non-keyframe through.
        subscription.Offer(FakeFrames.Video(keyframe: true, 0));
        subscription.AcceptOnly([1, Transcoded]);
        subscription.Offer(FakeFrames.Video(keyframe: false, 3000));
        subscription.Offer(TranscodedVideo(keyframe: false, 3000));
        subscription.Offer(TranscodedVideo(keyframe: true, 6000));
        subscription.Offer(TranscodedVideo(keyframe: false, 9000));
        subscription.Offer(FakeFrames.Audio(160));

        Assert.Equal([(0, true), (Transcoded, true), (Transcoded, false), (1, false)], Drain(subscription));
    }

    [Fact]
    public void ResyncAtNextKeyframe_CameraFailover_LeavesTranscodedVideoFlowing()
    {
        var subscription = Subscription(capacity: 16);
        subscription.AcceptOnly([Transcoded]);
        subscription.Offer(TranscodedVideo(keyframe: true, 0));

        subscription.ResyncAtNextKeyframe();
        subscription.Offer(TranscodedVideo(keyframe: false, 3000));

        Assert.Equal([(Transcoded, true), (Transcoded, false)], Drain(subscription));
    }

    [Fact]
    public void Offer_TranscodedQueueFull_ItsVideoWaitsForItsKeyframeWhileCameraAudioFlows()
    {
        var subscription = Subscription(capacity: 2);
        subscription.AcceptOnly([1, Transcoded]);
        subscription.Offer(TranscodedVideo(keyframe: true, 0));
        subscription.Offer(FakeFrames.Audio(0));

        Assert.True(subscription.Offer(TranscodedVideo(keyframe: false, 3000)));
        Drain(subscription);
        Assert.True(subscription.Offer(TranscodedVideo(keyframe: false, 6000)));
        Assert.False(subscription.Offer(FakeFrames.Audio(160)));
        Assert.False(subscription.Offer(TranscodedVideo(keyframe: true, 9000)));

        Assert.Equal([(1, false), (Transcoded, true)], Drain(subscription));
    }

    private static MediaFrame TranscodedVideo(bool keyframe, long timestamp) => FakeFrames.Video(keyframe, timestamp) with { TrackId = Transcoded };

    private static List<(int TrackId, bool Keyframe)> Drain(StreamSubscription subscription)
    {
        var frames = new List<(int, bool)>();
        while (subscription.Frames.TryRead(out var frame))
        {
            frames.Add((frame.TrackId, frame.IsKeyframe));
        }

        return frames;
    }

    private static StreamSubscription Subscription(int capacity, Action? onDrop = null) =>
        new(new PullKey(new CameraPath("app", "cam1"), string.Empty), FakeFrames.VideoAndAudioTracks, capacity, _ => ValueTask.CompletedTask, _ => onDrop?.Invoke());
}
