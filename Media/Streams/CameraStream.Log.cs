using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

internal sealed partial class CameraStream
{
    /// <summary>Event ids 3400–3449. Sources are named by their index in the camera's URL list, never by URL (it may hold credentials).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3400, Level = LogLevel.Debug,
            Message = "Camera {Camera}: starting source {UrlIndex} of {UrlCount}")]
        public static partial void SourceStarting(ILogger logger, CameraPath camera, int urlIndex, int urlCount);

        [LoggerMessage(EventId = 3401, Level = LogLevel.Information,
            Message = "Camera {Camera}: source {UrlIndex} ready with {TrackCount} tracks, video {VideoCodec} {Width}x{Height}")]
        public static partial void SourceReady(ILogger logger, CameraPath camera, int urlIndex, int trackCount, MediaCodec videoCodec, int width, int height);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Information,
            Message = "Camera {Camera}: source {UrlIndex} failed ({Reason}); next source {NextIndex} in {DelayMs} ms")]
        public static partial void SourceFailedOver(ILogger logger, CameraPath camera, int urlIndex, string reason, int nextIndex, long delayMs);

        [LoggerMessage(EventId = 3403, Level = LogLevel.Warning,
            Message = "Camera {Camera} stayed down for {GiveUpSeconds} s (last failure {Reason}); {Subscribers} subscribers ended with camera_down")]
        public static partial void GaveUp(ILogger logger, CameraPath camera, long giveUpSeconds, int subscribers, string reason);

        [LoggerMessage(EventId = 3404, Level = LogLevel.Information,
            Message = "Camera {Camera} could not be pulled from any URL ({Reason}); {Waiters} waiting subscribers refused with camera_unreachable")]
        public static partial void StartFailed(ILogger logger, CameraPath camera, int waiters, string reason);

        [LoggerMessage(EventId = 3405, Level = LogLevel.Information,
            Message = "Camera {Camera}: a subscriber waited {StartTimeoutMs} ms and was refused with start_timeout (last failure {Reason})")]
        public static partial void StartTimedOut(ILogger logger, CameraPath camera, long startTimeoutMs, string reason);

        [LoggerMessage(EventId = 3406, Level = LogLevel.Debug,
            Message = "Camera {Camera} released: unused for {UnusedMs} ms")]
        public static partial void Released(ILogger logger, CameraPath camera, long unusedMs);

        [LoggerMessage(EventId = 3407, Level = LogLevel.Information,
            Message = "Camera {Camera}: source {UrlIndex} has other codecs than the previous source; {Subscribers} subscribers ended with tracks_changed")]
        public static partial void TracksChanged(ILogger logger, CameraPath camera, int urlIndex, int subscribers);

        [LoggerMessage(EventId = 3408, Level = LogLevel.Debug,
            Message = "Camera {Camera}: source {UrlIndex} did not close cleanly")]
        public static partial void SourceDisposeFailed(ILogger logger, CameraPath camera, int urlIndex, Exception exception);

        [LoggerMessage(EventId = 3409, Level = LogLevel.Error,
            Message = "Camera {Camera}: the stream loop failed handling {Command}")]
        public static partial void CommandFailed(ILogger logger, CameraPath camera, string command, Exception exception);

        [LoggerMessage(EventId = 3410, Level = LogLevel.Debug,
            Message = "Camera {Camera}: a subscriber left after {Delivered} frames, {Dropped} dropped")]
        public static partial void SubscriberLeft(ILogger logger, CameraPath camera, long delivered, long dropped);

        [LoggerMessage(EventId = 3411, Level = LogLevel.Information,
            Message = "Camera {Camera} closed ({Reason}); {Subscribers} subscribers ended")]
        public static partial void Closed(ILogger logger, CameraPath camera, string reason, int subscribers);

        [LoggerMessage(EventId = 3250, Level = LogLevel.Debug,
            Message = "Camera {Camera}: released as soon as its last keyframe probe left (only snapshots used this pull)")]
        public static partial void ReleasedAfterProbe(ILogger logger, CameraPath camera);
    }
}
