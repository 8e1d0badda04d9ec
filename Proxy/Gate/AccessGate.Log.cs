using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Gate;

internal sealed partial class AccessGate
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Gate refused a request: {Reason} (trace {TraceId})")]
        public static partial void Denied(ILogger logger, SecureStream.Policy.Access.AccessReason reason, string traceId);

        [LoggerMessage(EventId = 1621, Level = LogLevel.Information, Message = "Source {Source} locked out after {Failures} signature or token failures, until {Until}")]
        public static partial void SourceLockedOut(ILogger logger, ClientSource source, int failures, DateTimeOffset until);
    }
}
