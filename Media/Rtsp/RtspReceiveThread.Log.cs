using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Rtsp;

internal sealed partial class RtspReceiveThread
{
    // Event ids 3803–3819 belong to the camera connections' receive path (docs/EventIds.md).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3803, EventName = "CameraReceivePathChosen", Level = LogLevel.Information,
            Message = "Camera connections are read by {Path} (Rtsp:ReceiveMode {Configured})")]
        public static partial void ReceivePathChosen(ILogger logger, string path, RtspReceiveMode configured);

        [LoggerMessage(EventId = 3804, EventName = "CameraReceivePathUnavailable", Level = LogLevel.Warning,
            Message = "Rtsp:ReceiveMode {Configured} is not available on this system ({Reason}); camera connections are read by {Path}. Set it to Auto to pick the best available without this warning")]
        public static partial void ReceivePathUnavailable(ILogger logger, RtspReceiveMode configured, string reason, string path);

        [LoggerMessage(EventId = 3805, EventName = "CameraReceiveThreadStopped", Level = LogLevel.Error,
            Message = "A shared camera receive thread stopped (epoll_wait errno {Error}); its {Count} camera connection(s) are closed and reconnect with asynchronous reads")]
        public static partial void ThreadStopped(ILogger logger, int error, int count);

        [LoggerMessage(EventId = 3806, EventName = "CameraReceiveHandlerFailed", Level = LogLevel.Error,
            Message = "Handling a camera connection's bytes on the shared receive thread failed; that pull is ended")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
