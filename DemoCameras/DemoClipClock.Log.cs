using Microsoft.Extensions.Logging;

namespace SecureStream.DemoCameras;

internal sealed partial class DemoClipClock
{
    // Event ids 3500–3599 belong to the demo cameras, DemoCameras/ (docs/EventIds.md); the clock has 3520–3529.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3520, EventName = "DemoClockTickFailed", Level = LogLevel.Error,
            Message = "Demo camera clip {Clip} failed a pacing tick; its viewers missed it (a bug: report it)")]
        public static partial void TickFailed(ILogger logger, string clip, Exception exception);
    }
}
