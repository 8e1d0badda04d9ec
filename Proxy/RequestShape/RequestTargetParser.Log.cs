using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.RequestShape;

/// <summary>Diagnostics for the request-shape check (event ids 1000–1049). Never logs the target itself.</summary>
internal static partial class RequestTargetParser
{
    /// <summary>Logs a refusal; the detail is a constant from the parser, never request text.</summary>
    public static void LogRefused(ILogger logger, in RequestShapeResult result)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (result.IsAllowed || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var code = result.Reason.ToCode();
        Log.TargetRefused(logger, code, result.Detail ?? string.Empty);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, EventName = "RequestTargetRefused", Level = LogLevel.Debug,
            Message = "Request target refused: {ReasonCode} ({Detail})")]
        public static partial void TargetRefused(ILogger logger, string reasonCode, string detail);
    }
}
