using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Rtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

/// <summary>
/// Lip sync across a pass-through and a transcoded track: the sender reports of both map the same
/// capture instant to the same wall-clock (NTP) time, whatever each track's clock rate and however
/// late the transcoder delivers, because a transcoded frame keeps its source frame's capture
/// instant (<see cref="MediaFrame.ReceivedAt"/>) and its timestamp in the output clock.
/// </summary>
public sealed class SenderReportClockTests
{
    [Fact]
    public void TryGetRtpTimestamp_TranscodedOpusAndCameraVideo_SameCaptureInstantSameWallClock()
    {
        var captured = Start.AddSeconds(10);
        var video = new OutboundTrackPacketizer(Video(), 0, 1_000);
        var opus = new OutboundTrackPacketizer(new TrackDescription(TranscodedTrackIds.Of(1), TrackKind.Audio, MediaCodec.Opus, 48000, 2, []), 0, 7_000_000);
        var videoFrame = video.Packetize(H264Frames(count: 1)[0] with { ReceivedAt = captured })!;

        // The AAC frames (16 kHz) captured with that video frame and 20 ms later, out of the transcoder
        // (later in real time) with timestamps in Opus's 48 kHz clock and their capture instants kept.
        var first = opus.Packetize(new MediaFrame(TranscodedTrackIds.Of(1), MediaCodec.Opus, 3 * 16_000L, false, [new byte[] { 0x08, 0, 0 }], captured))!;
        opus.Packetize(new MediaFrame(TranscodedTrackIds.Of(1), MediaCodec.Opus, 3 * 16_320L, false, [new byte[] { 0x08, 0, 0 }], captured.AddMilliseconds(20)));

        var report = captured.AddSeconds(2.5);
        Assert.True(video.TryGetRtpTimestamp(report, out var videoRtp));
        Assert.True(opus.TryGetRtpTimestamp(report, out var opusRtp));

        // What a receiver computes from each SR: the wall-clock time of the frame's RTP timestamp.
        var videoCaptured = report - TimeSpan.FromSeconds((videoRtp - videoFrame.RtpTimestamp) / 90000.0);
        var audioCaptured = report - TimeSpan.FromSeconds((opusRtp - first.RtpTimestamp) / 48000.0);
        Assert.Equal(captured, videoCaptured);
        Assert.Equal(captured, audioCaptured);
    }
}
