using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sessions;

internal sealed partial class WebRtcSessionFactory
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3120, Level = LogLevel.Debug,
            Message = "WebRTC session {SessionId}: camera track {TrackId} ({Codec}) left out ({Reason})")]
        public static partial void TrackLeftOut(ILogger logger, string sessionId, int trackId, MediaCodec codec, string reason);

        [LoggerMessage(EventId = 3752, Level = LogLevel.Information,
            Message = "SRTP AES-GCM protect seals with {Path}")]
        public static partial void SrtpSealPathChosen(ILogger logger, string path);
    }
}
