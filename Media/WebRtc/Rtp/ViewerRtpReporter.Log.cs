using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Rtp;

internal sealed partial class ViewerRtpReporter
{
    // Event ids 3850–3899 belong to Media/WebRtc/Rtp (docs/EventIds.md). Logged once per report
    // interval per viewer track, never per packet. A slow or lossy viewer is its own network's
    // business, so Debug: nobody here must act.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3850, EventName = "ViewerTrackReport", Level = LogLevel.Debug,
            Message = "Session {SessionId} track 0x{Ssrc:X8} since the last report: {FramesDropped} frame(s) dropped (queue full), {FramesSkipped} skipped for a keyframe, {Retransmitted} packet(s) retransmitted, {RetransmissionsRefused} NACKed packet(s) not resent, {KeyframeRequests} PLI/FIR, {RtcpRefused} SRTCP packet(s) refused")]
        public static partial void ViewerTrackReport(ILogger logger, string sessionId, uint ssrc, long framesDropped, long framesSkipped, long retransmitted, long retransmissionsRefused, long keyframeRequests, long rtcpRefused);
    }
}
