using Microsoft.Extensions.Logging;
using SecureStream.Media.Sdp;

namespace SecureStream.Media.Rtsp;

internal sealed partial class RtspSession
{
    // Event ids 3020–3049 belong to Media/Rtsp sessions (docs/EventIds.md). Camera host only: the
    // URL may carry userinfo and its query may carry forwarded viewer parameters.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, EventName = "RtspPlaying", Level = LogLevel.Debug,
            Message = "Camera host {Host} playing {TrackCount} track(s) over {Transport}")]
        public static partial void Playing(ILogger logger, string host, int trackCount, RtspTransportMode transport);

        [LoggerMessage(EventId = 3021, EventName = "RtspTrackSkipped", Level = LogLevel.Debug,
            Message = "Camera host {Host}: media section {MediaIndex} not pulled ({Reason})")]
        public static partial void TrackSkipped(ILogger logger, string host, int mediaIndex, string reason);

        [LoggerMessage(EventId = 3022, EventName = "RtspRedirected", Level = LogLevel.Debug,
            Message = "Camera host {Host} redirected with {StatusCode} to a URL on the same host")]
        public static partial void Redirected(ILogger logger, string host, int statusCode);

        [LoggerMessage(EventId = 3023, EventName = "RtspUdpFallback", Level = LogLevel.Information,
            Message = "Camera host {Host}: UDP failed ({Reason}); falling back to interleaved TCP")]
        public static partial void UdpFallback(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 3024, EventName = "RtspForeignUrlRefused", Level = LogLevel.Warning,
            Message = "Camera host {Host} named a URL on host {ForeignHost} in {Source}; the pull is refused (foreign_host)")]
        public static partial void ForeignUrlRefused(ILogger logger, string host, string source, string foreignHost);

        [LoggerMessage(EventId = 3025, EventName = "RtspAuthenticationRefused", Level = LogLevel.Warning,
            Message = "Camera host {Host}: authentication refused ({Reason}); check the camera's credentials and configuration")]
        public static partial void AuthenticationRefused(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 3026, EventName = "RtspTeardownFailed", Level = LogLevel.Debug,
            Message = "Camera host {Host} did not answer TEARDOWN; the connection is closed anyway")]
        public static partial void TeardownFailed(ILogger logger, string host);

        [LoggerMessage(EventId = 3027, EventName = "RtspKeepAliveFailed", Level = LogLevel.Debug,
            Message = "Camera host {Host}: keep-alive failed ({Reason})")]
        public static partial void KeepAliveFailed(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 3028, EventName = "RtspSdpRefused", Level = LogLevel.Debug,
            Message = "Camera host {Host}: session description refused ({Error})")]
        public static partial void SdpRefused(ILogger logger, string host, SdpParseError error);
    }
}
