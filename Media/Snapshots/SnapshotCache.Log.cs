using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Snapshots;

internal sealed partial class SnapshotCache
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3251, Level = LogLevel.Debug,
            Message = "Snapshot decoded: {Codec} keyframe to a {Bytes}-byte JPEG in {ElapsedMs} ms")]
        public static partial void Decoded(ILogger logger, MediaCodec codec, int bytes, long elapsedMs);

        [LoggerMessage(EventId = 3252, Level = LogLevel.Information,
            Message = "Snapshot decode failed ({Failure}) for a {Codec} keyframe after {ElapsedMs} ms; answered snapshot_decode_failed")]
        public static partial void DecodeFailed(ILogger logger, MediaCodec codec, string failure, long elapsedMs);

        [LoggerMessage(EventId = 3253, Level = LogLevel.Error,
            Message = "The snapshot decoder threw {ExceptionType}; answered snapshot_decode_failed")]
        public static partial void DecoderFaulted(ILogger logger, string exceptionType);
    }
}
