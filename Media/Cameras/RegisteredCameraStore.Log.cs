using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Cameras;

internal sealed partial class RegisteredCameraStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Camera registry file {StorePath} loaded: {Count} camera(s)")]
        public static partial void Loaded(ILogger logger, string storePath, int count);

        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Camera {Camera} registered through the management API ({UrlCount} url(s), persistent {Persistent})")]
        public static partial void Registered(ILogger logger, string camera, int urlCount, bool persistent);

        [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Camera {Camera} removed through the management API")]
        public static partial void Removed(ILogger logger, string camera);

        [LoggerMessage(EventId = 3303, Level = LogLevel.Error, Message = "Camera registry file {StorePath} could not be written; the change to {Camera} was not applied")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string storePath, string camera);
    }
}
