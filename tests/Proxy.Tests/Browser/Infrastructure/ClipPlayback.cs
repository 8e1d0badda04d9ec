using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// What "the demo clip plays" means in a page (640x360, 25 fps H.264): frames decoded at the
/// clip's size and shown by the video element, over the transport ICE was expected to pick, and
/// then at least a second's worth (25) more — playback goes on.
/// </summary>
public static class ClipPlayback
{
    /// <summary>Bounds the first frame: an on-demand RTSP pull, ICE, DTLS and the next keyframe (1 s in the clip).</summary>
    public static readonly TimeSpan FirstFrameLimit = TimeSpan.FromSeconds(30);

    /// <summary>Bounds a second's worth of frames once playing (generous: two shared cores).</summary>
    public static readonly TimeSpan KeepDecodingLimit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Frames at 640x360 over <paramref name="protocol"/> (<c>udp</c> or <c>tcp</c>), then 25 more;
    /// returns the later stats. ICE may begin on another pair first: on a loaded machine the
    /// browser can select the ICE-TCP pair because its first UDP checks were answered late, and
    /// moves to the UDP pair (it nominates it, and the gateway follows) once that pair answers.
    /// </summary>
    public static async Task<VideoPlaybackStats> AssertPlaysAsync(IPage page, string videoSelector, string protocol)
    {
        var first = await WebRtcProbe.WaitForAsync(
            page,
            s => s.FramesDecoded > 0 && s.VideoWidth == 640 && s.VideoHeight == 360 && s.CandidateProtocol == protocol,
            FirstFrameLimit,
            videoSelector);
        Assert.True(first.FramesDecoded > 0, $"no frame decoded: {first}");
        Assert.Equal((640, 360), (first.FrameWidth, first.FrameHeight));
        Assert.Equal((640, 360), (first.VideoWidth, first.VideoHeight));
        Assert.Equal(protocol, first.CandidateProtocol);
        return await AssertKeepsDecodingAsync(page, first, videoSelector);
    }

    /// <summary>At least 25 frames more than <paramref name="since"/>, still connected, same transport and size; returns the later stats.</summary>
    public static async Task<VideoPlaybackStats> AssertKeepsDecodingAsync(IPage page, VideoPlaybackStats since, string videoSelector = "video")
    {
        ArgumentNullException.ThrowIfNull(since);
        var later = await WebRtcProbe.WaitForAsync(page, s => s.FramesDecoded >= since.FramesDecoded + 25, KeepDecodingLimit, videoSelector);
        Assert.True(later.FramesDecoded >= since.FramesDecoded + 25, $"decoding stalled: {since} then {later}");
        Assert.Equal("connected", later.ConnectionState);
        Assert.Equal(since.CandidateProtocol, later.CandidateProtocol);
        Assert.Equal((640, 360), (later.FrameWidth, later.FrameHeight));
        return later;
    }
}
