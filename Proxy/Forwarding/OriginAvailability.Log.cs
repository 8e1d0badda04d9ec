namespace SecureStream.Proxy.Forwarding;

internal sealed partial class OriginAvailability
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1820, Level = LogLevel.Warning, Message = "Origin {Origin} is down (health check): its cameras go to the other origins; {Available} of {Total} origins available")]
        public static partial void OriginDown(ILogger logger, string origin, int available, int total);

        [LoggerMessage(EventId = 1821, Level = LogLevel.Information, Message = "Origin {Origin} is up again: its cameras return to it; {Available} of {Total} origins available")]
        public static partial void OriginUp(ILogger logger, string origin, int available, int total);

        [LoggerMessage(EventId = 1822, Level = LogLevel.Error, Message = "None of the {Total} origins is up: new viewers are refused (503 origin_unavailable) until one answers its health check")]
        public static partial void NoOriginAvailable(ILogger logger, int total);
    }
}
