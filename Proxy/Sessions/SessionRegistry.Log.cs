using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Sessions;

internal sealed partial class SessionRegistry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1860, Level = LogLevel.Warning,
            Message = "The origin accepted the end of session {SessionId} but did not report it in time; the front door closed it ({Reason}) without the origin's byte count")]
        public static partial void EndNotReported(ILogger logger, string sessionId, string reason);
    }
}
