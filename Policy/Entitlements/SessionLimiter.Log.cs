using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Entitlements;

internal sealed partial class SessionLimiter
{
    private static partial class Log
    {
        // Debug: the refusal itself is audited; this only helps when tuning caps.
        [LoggerMessage(EventId = 2210, EventName = "SessionLimitReached", Level = LogLevel.Debug,
            Message = "Session refused for {OperatorKey}: {Share}")]
        public static partial void SessionLimitReached(ILogger logger, string operatorKey, string share);
    }
}
