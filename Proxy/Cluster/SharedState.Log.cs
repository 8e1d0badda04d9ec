namespace SecureStream.Proxy.Cluster;

internal sealed partial class SharedState
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1840, EventName = "SharedStateConnected", Level = LogLevel.Information,
            Message = "Shared state connected to Redis {Endpoints} (TLS {Tls}, key prefix '{KeyPrefix}') as node {NodeId}")]
        public static partial void Connected(ILogger logger, string endpoints, bool tls, string keyPrefix, string nodeId);

        // Warning, once per outage: every admission that needs shared state is refused 503 until it ends.
        [LoggerMessage(EventId = 1841, EventName = "SharedStateUnavailable", Level = LogLevel.Warning,
            Message = "Shared state in Redis did not answer ({What}: {ErrorType}); new admissions are refused 503 shared_state_unavailable until it does, live sessions continue")]
        public static partial void Unavailable(ILogger logger, string what, string errorType);

        [LoggerMessage(EventId = 1842, EventName = "SharedStateRecovered", Level = LogLevel.Information,
            Message = "Shared state in Redis answers again; admissions resume")]
        public static partial void Recovered(ILogger logger);
    }
}
