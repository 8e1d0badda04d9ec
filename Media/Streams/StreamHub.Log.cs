using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Streams;

internal sealed partial class StreamHub
{
    /// <summary>Event ids 3450–3469 and 3990.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3450, Level = LogLevel.Information,
            Message = "Stream hub stopping: {Streams} camera streams end and their sources close")]
        public static partial void Stopping(ILogger logger, int streams);

        // The camera name only: the forwarded query is viewer input and stays out of logs.
        [LoggerMessage(EventId = 3990, EventName = "StreamVariantLimit", Level = LogLevel.Debug,
            Message = "Camera {Camera} already has {MaxVariants} pulls with different forwarded parameters; another set was refused")]
        public static partial void VariantLimit(ILogger logger, SecureStream.Policy.Access.CameraPath camera, int maxVariants);
    }
}
