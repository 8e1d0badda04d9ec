using Microsoft.Extensions.Logging;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Sources;

internal sealed partial class RtspCameraSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3800, Level = LogLevel.Information, Message = "Camera track {TrackIndex} is not depacketized ({Reason}); the other tracks are pulled")]
        public static partial void TrackNotDepacketized(ILogger logger, int trackIndex, string reason);

        [LoggerMessage(EventId = 3801, Level = LogLevel.Debug, Message = "Asked the camera for a keyframe ({Mode}) for its video source 0x{MediaSsrc:X8}")]
        public static partial void KeyframeRequested(ILogger logger, RtspKeyframeRequestMode mode, uint mediaSsrc);

        [LoggerMessage(EventId = 3802, Level = LogLevel.Information, Message = "The camera sent no keyframe after {Attempts} keyframe request(s) ({Mode}); the pull waits for its next scheduled keyframe (Rtsp:KeyframeRequest may be set to another mode or Off)")]
        public static partial void KeyframeRequestsUnanswered(ILogger logger, int attempts, RtspKeyframeRequestMode mode);
    }
}
