using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Transcoding;

internal sealed partial class TranscoderHub
{
    /// <summary>Event ids 3230–3239.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3230, Level = LogLevel.Warning,
            Message = "Transcoding capacity reached: {Limit} {Kind} transcoders already run; camera {Camera} track {TrackId} is not transcoded (raise Transcoding:MaxVideoTranscoders or MaxAudioTranscoders if the CPU allows)")]
        public static partial void CapacityReached(ILogger logger, CameraPath camera, int trackId, string kind, int limit);
    }
}
