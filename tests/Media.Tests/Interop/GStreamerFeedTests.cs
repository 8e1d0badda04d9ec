using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Rtsp;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// The camera feeds browsers do not all take (AAC in both payload formats, H.265, High-profile
/// H.264), from GStreamer: each says in its SDP what it claims to be, and the origin's pull
/// describes each track as it really is (codec, size and profile from the SPS, the AAC config)
/// and delivers its frames.
/// </summary>
public sealed class GStreamerFeedTests
{
    [Theory]
    [InlineData(GStreamerFeed.H264ConstrainedBaseline, "H264", null)]
    [InlineData(GStreamerFeed.H264High, "H264", null)]
    [InlineData(GStreamerFeed.H265, "H265", null)]
    [InlineData(GStreamerFeed.H264Aac, "H264", "MPEG4-GENERIC")]
    [InlineData(GStreamerFeed.H264Latm, "H264", "MP4A-LATM")]
    [InlineData(GStreamerFeed.H265Aac, "H265", "MPEG4-GENERIC")]
    [InlineData(GStreamerFeed.Aac, null, "MPEG4-GENERIC")]
    [InlineData(GStreamerFeed.Latm, null, "MP4A-LATM")]
    public async Task Describe_Feed_SdpIsWhatTheFeedClaims(GStreamerFeed feed, string? video, string? audio)
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var session = await RtspSession.StartAsync(
            camera.Url(feed), null, new RtspClientOptions(), new RecordingRtpReceiver(), TimeProvider.System, NullLogger.Instance, Bound());

        var sdp = session.Tracks.Select(t => t.Sdp).ToList();
        Assert.Equal(video, sdp.SingleOrDefault(t => t.Kind == TrackKind.Video)?.EncodingName);
        Assert.Equal(audio, sdp.SingleOrDefault(t => t.Kind == TrackKind.Audio)?.EncodingName);
        foreach (var track in sdp)
        {
            var fmtp = track.FormatParameters;
            switch (track.EncodingName)
            {
                case "H264":
                    // profile_idc 0x42 with constraint_set1 (Constrained Baseline), or 0x64 (High).
                    Assert.Equal(feed == GStreamerFeed.H264High ? "6400" : "42c0", track.ProfileLevelId![..4]);
                    break;
                case "H265":
                    Assert.Contains("sprop-sps", fmtp.Keys, StringComparer.OrdinalIgnoreCase);
                    break;
                case "MPEG4-GENERIC":
                    Assert.Equal(GStreamerFeeds.AudioRate, track.ClockRate);
                    Assert.Equal("AAC-hbr", fmtp["mode"]);
                    Assert.Equal("1188", fmtp["config"]); // AAC-LC, 48 kHz, mono
                    break;
                case "MP4A-LATM":
                    Assert.Equal(GStreamerFeeds.AudioRate, track.ClockRate);
                    Assert.Equal("0", fmtp["cpresent"]);
                    Assert.Equal("40002310", fmtp["config"]); // StreamMuxConfig around the same AudioSpecificConfig
                    break;
            }
        }
    }

    [Theory]
    [InlineData(GStreamerFeed.H264ConstrainedBaseline, "42c01e")]
    [InlineData(GStreamerFeed.H264High, "64001e")]
    [InlineData(GStreamerFeed.H265, "profile-id=1;tier-flag=0;level-id=")] // Main
    public async Task Subscribe_VideoFeed_TrackDescribedFromSps(GStreamerFeed feed, string profile)
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hub = InteropHub.Create();

        await using var subscription = await hub.SubscribeAsync(new CameraPath("app", feed.StreamName()), [camera.Url(feed)], InteropHub.Settings(), Bound());
        var keyframe = await NextAsync(subscription, f => f.IsKeyframe && f.Codec is MediaCodec.H264 or MediaCodec.H265);

        var video = Assert.Single(subscription.Tracks);
        Assert.Equal(feed == GStreamerFeed.H265 ? MediaCodec.H265 : MediaCodec.H264, video.Codec);
        Assert.Equal(video.Codec, keyframe.Codec);
        Assert.Equal(GStreamerFeeds.Width, video.Width);
        Assert.Equal(GStreamerFeeds.Height, video.Height);
        Assert.StartsWith(profile, video.Profile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GStreamerFeed.H264Aac)]
    [InlineData(GStreamerFeed.H264Latm)]
    [InlineData(GStreamerFeed.H265Aac)]
    [InlineData(GStreamerFeed.Aac)]
    [InlineData(GStreamerFeed.Latm)]
    public async Task Subscribe_AacFeed_AacTrackWithConfigAndFramesOneAccessUnitApart(GStreamerFeed feed)
    {
        await using var camera = await GStreamerCamera.StartAsync(Bound());
        await using var hub = InteropHub.Create();

        await using var subscription = await hub.SubscribeAsync(new CameraPath("app", feed.StreamName()), [camera.Url(feed)], InteropHub.Settings(), Bound());

        var audio = Assert.Single(subscription.Tracks, t => t.Kind == TrackKind.Audio);
        Assert.Equal(MediaCodec.Aac, audio.Codec);
        Assert.Equal(GStreamerFeeds.AudioRate, audio.ClockRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal("mp4a.40.2", audio.Profile);
        Assert.Equal([0x11, 0x88], Assert.Single(audio.ParameterSets).ToArray());

        var frames = new List<MediaFrame>();
        while (frames.Count < 50)
        {
            frames.Add(await NextAsync(subscription, f => f.TrackId == audio.TrackId));
        }

        Assert.All(frames, f => Assert.Equal(MediaCodec.Aac, f.Codec));

        // A raw AAC-LC frame of a tone at 64 kb/s: a few hundred bytes, never an ADTS or LATM header.
        Assert.All(frames, f => Assert.InRange(f.Units[0].Length, 4, 1536));
        Assert.All(frames, f => Assert.NotEqual(0xFFF, (f.Units[0].Span[0] << 4) | (f.Units[0].Span[1] >> 4)));

        // On the RTP clock (the sample rate): 1024 samples per AAC-LC frame, one after another.
        var deltas = frames.Zip(frames.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        Assert.All(deltas, d => Assert.Equal(1024, d));
    }

    private static async Task<MediaFrame> NextAsync(StreamSubscription subscription, Func<MediaFrame, bool> match)
    {
        var token = Bound();
        while (true)
        {
            var frame = await subscription.Frames.ReadAsync(token);
            if (match(frame))
            {
                return frame;
            }
        }
    }

    // Bounds each test so a hang fails it; not a timing assertion.
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
