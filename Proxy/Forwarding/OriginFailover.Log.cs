namespace SecureStream.Proxy.Forwarding;

internal sealed partial class OriginFailover
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1930, Level = LogLevel.Warning, Message = "Origin {Origin} could not be connected to: marked down at once, the request goes to the camera's next origin {NextOrigin}")]
        public static partial void RetriedOnNextOrigin(ILogger logger, string origin, string nextOrigin);

        [LoggerMessage(EventId = 1931, Level = LogLevel.Warning, Message = "Origin {Origin} could not be connected to: marked down at once, and no other origin is up (503 origin_unavailable)")]
        public static partial void NoOtherOrigin(ILogger logger, string origin);
    }
}
