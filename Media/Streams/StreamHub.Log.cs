using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Streams;

internal sealed partial class StreamHub
{
    /// <summary>Event ids 3450–3469.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3450, Level = LogLevel.Information,
            Message = "Stream hub stopping: {Streams} camera streams end and their sources close")]
        public static partial void Stopping(ILogger logger, int streams);
    }
}
