using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Snapshots;

internal sealed partial class SnapshotService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3254, Level = LogLevel.Information,
            Message = "Snapshot of {Camera}: no keyframe within {TimeoutMs} ms; answered snapshot_no_keyframe")]
        public static partial void NoKeyframe(ILogger logger, CameraPath camera, int timeoutMs);
    }
}
