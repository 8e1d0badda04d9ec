using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>Diagnostics for query forwarding (event ids 2500–2549). Never logs names' values or the query.</summary>
internal sealed partial class ForwardingRules
{
    /// <summary>Logs a refused <see cref="Build"/> result for <paramref name="camera"/>.</summary>
    public static void LogRefused(ILogger logger, CameraPath camera, in ForwardResult result)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (result.IsAllowed || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var code = result.Reason.ToCode();
        var cameraName = camera.ToString();
        Log.ForwardedQueryRefused(logger, cameraName, code);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2500, EventName = "ForwardedQueryRefused", Level = LogLevel.Debug,
            Message = "Query for camera {Camera} not forwarded: {ReasonCode}")]
        public static partial void ForwardedQueryRefused(ILogger logger, string camera, string reasonCode);
    }
}
