using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Admission;

internal sealed partial class AdmissionClosingQueue
{
    /// <summary>Event ids 2320–2339.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 2320, Level = LogLevel.Warning,
            Message = "Closing webhook for session {SessionId} dropped: queue full or stopped (capacity {Capacity}, {Dropped} dropped so far)")]
        public static partial void Dropped(ILogger logger, string sessionId, int capacity, long dropped);

        [LoggerMessage(EventId = 2321, Level = LogLevel.Warning,
            Message = "Closing webhooks not all sent before the shutdown deadline; {Remaining} dropped")]
        public static partial void DrainIncomplete(ILogger logger, int remaining);
    }
}
