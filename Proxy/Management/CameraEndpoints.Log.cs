using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Management;

internal static partial class CameraEndpoints
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, Level = LogLevel.Debug, Message = "Stream registration for {Camera} refused ({Status}): {Problem}")]
        public static partial void RegistrationRefused(ILogger logger, string camera, int status, string problem);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "The camera.registered record for {Camera} could not be written to the audit journal; the change was undone")]
        public static partial void ChangeNotAudited(ILogger logger, string camera);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Camera {Camera} deleted through the management API; {Ended} live session(s) ended")]
        public static partial void Deleted(ILogger logger, string camera, int ended);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Persistent camera {Camera} was not registered: its first pull failed ({Reason})")]
        public static partial void PersistentPullFailed(ILogger logger, SecureStream.Policy.Access.CameraPath camera, string reason);
    }
}
