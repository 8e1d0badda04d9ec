using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Origin;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Transcoding;
using SecureStream.Media.Tests.ViewerClient;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>
/// A viewer of an H.264 + AAC camera, through the real session and the origin's
/// <see cref="ViewerTranscoding"/>, with the in-process transcoder double: the video passes
/// through, the audio arrives as Opus from the transcoder's own camera share, and the lease ends
/// with the session.
/// </summary>
public sealed class TranscodedTrackSessionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static readonly TrackDescription Aac = new(1, TrackKind.Audio, MediaCodec.Aac, 16000, 1, []);

    [Fact]
    public async Task Viewer_AacCamera_GetsVideoAsItIsAndOpusFromTheTranscoderUntilTheSessionEnds()
    {
        var transcoders = new FakeTrackTranscoders();
        await using var fixture = new SessionFixture(transcoders: transcoders);
        fixture.Cameras.Tracks = [SdpTestData.H264Video, Aac];
        using var guard = new CancellationTokenSource(Guard);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
        // The WHEP origin's order: create the session, then join its transcoders.
        var signalling = new SessionSignalling(fixture, async (session, subscription, token) =>
            (await Transcoding(transcoders).JoinAsync(session, subscription, Admission(fixture, subscription), token))?.Reason);
        var viewer = new WebRtcViewer(signalling);
        Task? emitting = null;

        var running = viewer.RunAsync(stop.Token);
        while (!viewer.SawKeyframe || viewer.Packets < 100)
        {
            Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Failure : null);
            Assert.False(guard.IsCancellationRequested, $"{viewer.Phase} {viewer.Packets}");
            if (emitting is null && signalling.Session is not null)
            {
                emitting = EmitWithAudioAsync(fixture, guard.Token);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        var session = signalling.Session!;
        Assert.Equal([(MediaCodec.Opus, true), (MediaCodec.H264, false)], session.Tracks.Select(t => (t.Track.Codec, t.IsTranscoded)));
        Assert.Equal(1, transcoders.Active);
        var join = Assert.Single(transcoders.Joins);
        Assert.Equal((new PullKey(SessionFixture.Camera, string.Empty), Aac, MediaCodec.Opus), join);

        // The transcoder's share is a second subscriber of the same pull, not a second camera session.
        Assert.Equal(1, fixture.Cameras.Created);

        // Camera and transcoded output each have their own shared packetizer.
        Assert.Equal(2, fixture.Packetizers.CountOf(new PullKey(SessionFixture.Camera, string.Empty)));

        await stop.CancelAsync();
        var result = await running;
        await session.Ended.WaitAsync(guard.Token);

        Assert.Null(result.Failure);
        Assert.Equal("opus", result.AudioCodec);
        Assert.True(result.AudioPackets > 0);
        Assert.True(result.Keyframes >= 1);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.SrtpFailures);
        Assert.Equal(0, transcoders.Active);
        await guard.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emitting!);
    }

    [Fact]
    public async Task Join_TranscoderFails_RefusedAndTheCallerEndsTheSessionReleasingEverything()
    {
        var transcoders = new FakeTrackTranscoders { JoinFailure = new InvalidOperationException("ffmpeg would not start") };
        await using var fixture = new SessionFixture(transcoders: transcoders);
        fixture.Cameras.Tracks = [SdpTestData.H264Video, Aac];
        var subscription = await fixture.SubscribeAsync();
        var created = fixture.Sessions.Create("s-fail", ChromiumOffers.Offer, subscription, DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(created.IsCreated, created.Reason);

        var refusal = await Transcoding(transcoders).JoinAsync(created.Session, subscription, Admission(fixture, subscription), CancellationToken.None);
        await created.Session.DisposeAsync();

        Assert.Equal(OriginRefusal.TranscoderUnavailable, refusal);
        Assert.Equal(0, transcoders.Active);
        Assert.Equal(0, fixture.Endpoint.SessionCount);
        Assert.True(subscription.IsEnded);
    }

    [Fact]
    public async Task Join_SessionAlreadyEnded_LeaseReleasedAtOnce()
    {
        var transcoders = new FakeTrackTranscoders();
        await using var fixture = new SessionFixture(transcoders: transcoders);
        fixture.Cameras.Tracks = [SdpTestData.H264Video, Aac];
        var subscription = await fixture.SubscribeAsync();
        var created = fixture.Sessions.Create("s-gone", ChromiumOffers.Offer, subscription, DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(created.IsCreated, created.Reason);
        await created.Session.DisposeAsync();

        var refusal = await Transcoding(transcoders).JoinAsync(created.Session, subscription, Admission(fixture, subscription), CancellationToken.None);

        Assert.Null(refusal);
        Assert.Single(transcoders.Joins);
        Assert.Equal(0, transcoders.Active);
    }

    private static ViewerTranscoding Transcoding(ITrackTranscoders transcoders) => new(NullLogger<ViewerTranscoding>.Instance, transcoders);

    private static OriginAdmission Admission(SessionFixture fixture, StreamSubscription subscription) =>
        new(null, subscription, null)
        {
            Pull = new PullKey(SessionFixture.Camera, string.Empty),
            SubscribeAgain = _ => fixture.SubscribeAsync(),
        };

    /// <summary>The H.264 fixture, with a 20 ms AAC frame (320 samples at 16 kHz) after every video frame.</summary>
    private static async Task EmitWithAudioAsync(SessionFixture fixture, CancellationToken cancellationToken)
    {
        var source = fixture.Cameras.Current;
        var frames = Rtp.OutboundTestData.H264Frames(count: 60);
        var audioTimestamp = 0L;
        for (var round = 0L; !cancellationToken.IsCancellationRequested; round++)
        {
            foreach (var frame in frames)
            {
                var now = DateTimeOffset.UtcNow;
                source.Emit(frame with { Timestamp = frame.Timestamp + (round * frames.Count * 3000L), ReceivedAt = now });
                source.Emit(new MediaFrame(Aac.TrackId, MediaCodec.Aac, audioTimestamp, false, [new byte[] { 0x21, 0x10, 0x04 }], now));
                audioTimestamp += 320;
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            }
        }
    }
}
