using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Management;

internal static partial class LockoutEndpoints
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1622, Level = LogLevel.Information, Message = "Lockout of {Source} lifted through the management API")]
        public static partial void Lifted(ILogger logger, ClientSource source);
    }
}
