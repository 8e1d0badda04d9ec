using Microsoft.Extensions.Logging;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.WebRtc.Sessions;

internal sealed partial class WebRtcSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3900, Level = LogLevel.Debug,
            Message = "WebRTC session {SessionId} answered with {TrackCount} track(s); waiting for ICE")]
        public static partial void SessionCreated(ILogger logger, string sessionId, int trackCount);

        [LoggerMessage(EventId = 3901, Level = LogLevel.Debug,
            Message = "WebRTC session {SessionId} connected: ICE verified, DTLS established, SRTP {Profile}")]
        public static partial void SessionConnected(ILogger logger, string sessionId, SrtpProtectionProfile profile);

        [LoggerMessage(EventId = 3902, Level = LogLevel.Information,
            Message = "WebRTC session {SessionId} ended ({Reason}) after {DurationSeconds:F1} s: {PacketsSent} packet(s) sent, {FramesDropped} frame(s) dropped, {PacketsRefused} received packet(s) refused")]
        public static partial void SessionEnded(ILogger logger, string sessionId, string reason, double durationSeconds, long packetsSent, long framesDropped, long packetsRefused);

        [LoggerMessage(EventId = 3903, Level = LogLevel.Error,
            Message = "WebRTC session {SessionId} failed unexpectedly and was ended")]
        public static partial void SessionFailed(ILogger logger, string sessionId, Exception exception);
    }
}
