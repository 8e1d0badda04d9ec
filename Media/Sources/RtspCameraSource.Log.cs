using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Sources;

internal sealed partial class RtspCameraSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3800, Level = LogLevel.Information, Message = "Camera track {TrackIndex} is not depacketized ({Reason}); the other tracks are pulled")]
        public static partial void TrackNotDepacketized(ILogger logger, int trackIndex, string reason);
    }
}
