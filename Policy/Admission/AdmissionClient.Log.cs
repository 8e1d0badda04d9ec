using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Admission;

internal sealed partial class AdmissionClient
{
    /// <summary>
    /// Event ids 2300–2319 and 2720. Only the endpoint's <c>scheme://host:port</c>, outcome codes, status
    /// and timings are logged; the receiver's reason is escaped and bounded by the parser.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 2300, Level = LogLevel.Debug,
            Message = "Admission webhook {Endpoint} allowed in {LatencyMs} ms, lifetime {LifetimeMs} ms")]
        public static partial void Allowed(ILogger logger, string endpoint, double latencyMs, long? lifetimeMs);

        [LoggerMessage(EventId = 2301, Level = LogLevel.Information,
            Message = "Admission webhook {Endpoint} denied in {LatencyMs} ms, receiver reason {PeerReason}")]
        public static partial void Denied(ILogger logger, string endpoint, double latencyMs, string? peerReason);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Warning,
            Message = "Admission webhook {Endpoint} unavailable ({Outcome}, HTTP {HttpStatus}) after {LatencyMs} ms; viewers are refused with 503")]
        public static partial void Unavailable(ILogger logger, string endpoint, string outcome, int? httpStatus, double latencyMs);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Warning,
            Message = "Admission webhook {Endpoint} circuit opened after {FailureThreshold} consecutive failures; calls refused for {BreakSeconds} s")]
        public static partial void CircuitOpened(ILogger logger, string endpoint, int failureThreshold, double breakSeconds);

        [LoggerMessage(EventId = 2304, Level = LogLevel.Debug,
            Message = "Admission webhook {Endpoint} not called: circuit open")]
        public static partial void CircuitRejected(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 2305, Level = LogLevel.Information,
            Message = "Admission webhook {Endpoint} answered again; circuit closed")]
        public static partial void CircuitClosed(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 2306, Level = LogLevel.Debug,
            Message = "Closing webhook {Endpoint} delivered in {LatencyMs} ms")]
        public static partial void ClosingDelivered(ILogger logger, string endpoint, double latencyMs);

        [LoggerMessage(EventId = 2307, Level = LogLevel.Information,
            Message = "Closing webhook {Endpoint} not delivered ({Outcome}, HTTP {HttpStatus})")]
        public static partial void ClosingFailed(ILogger logger, string endpoint, string outcome, int? httpStatus);

        [LoggerMessage(EventId = 2720, Level = LogLevel.Debug,
            Message = "Webhook {Endpoint}: a reused connection failed before any answer ({Error}), as one the receiver had closed does; sent once more on a fresh connection")]
        public static partial void RetriedOnFreshConnection(ILogger logger, string endpoint, System.Net.Http.HttpRequestError error);
    }
}
