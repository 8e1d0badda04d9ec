using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Cameras;

internal sealed partial class RedisOriginMapStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3320, Level = LogLevel.Warning, Message = "OriginMapStore lookup of {Key} failed ({ErrorType}); the camera is treated as unknown until Redis answers ({NotReported} more failure(s) since the last report; at most one report per 10 s)")]
        public static partial void LookupFailed(ILogger logger, string key, string errorType, int notReported);

        [LoggerMessage(EventId = 3321, Level = LogLevel.Warning, Message = "OriginMapStore value of {Key} is not usable: it {Problem}; the camera is treated as unknown until the value is fixed")]
        public static partial void ValueRefused(ILogger logger, string key, string problem);

        [LoggerMessage(EventId = 3322, Level = LogLevel.Information, Message = "OriginMapStore connected to {Endpoints} (TLS {Tls}, key prefix '{KeyPrefix}')")]
        public static partial void Connected(ILogger logger, string endpoints, bool tls, string keyPrefix);
    }
}
