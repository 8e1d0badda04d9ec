using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Transcoding;

internal sealed partial class Transcoder
{
    /// <summary>Event ids 3210–3229 and 3870.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3210, Level = LogLevel.Debug,
            Message = "Transcoder {Camera} track {TrackId} {Source} to {Target}: ffmpeg started (process {ProcessId})")]
        public static partial void Started(ILogger logger, CameraPath camera, int trackId, MediaCodec source, MediaCodec target, int processId);

        // Warning: a camera whose transcoder keeps restarting needs someone to look at it (or at ffmpeg).
        [LoggerMessage(EventId = 3211, Level = LogLevel.Warning,
            Message = "Transcoder {Camera} track {TrackId} {Source} to {Target}: ffmpeg run ended ({Reason}, exit code {ExitCode}); restart {Restarts} in {Backoff}, viewers stay joined. ffmpeg said: {LastError}")]
        public static partial void Restarting(ILogger logger, CameraPath camera, int trackId, MediaCodec source, MediaCodec target, string reason, int exitCode, int restarts, TimeSpan backoff, string lastError);

        [LoggerMessage(EventId = 3212, Level = LogLevel.Information,
            Message = "Transcoder {Camera} track {TrackId} {Source} to {Target} stopped (last viewer left): {FramesOut} frames out, {Restarts} restarts")]
        public static partial void Stopped(ILogger logger, CameraPath camera, int trackId, MediaCodec source, MediaCodec target, long framesOut, int restarts);

        [LoggerMessage(EventId = 3213, Level = LogLevel.Warning,
            Message = "Transcoder {Camera} track {TrackId} did not stop within {Wait}; its ffmpeg was killed and its run is abandoned")]
        public static partial void StopSlow(ILogger logger, CameraPath camera, int trackId, TimeSpan wait);

        // Information: nothing to fix in the camera or ffmpeg, but a machine this busy delays viewers.
        [LoggerMessage(EventId = 3870, Level = LogLevel.Information,
            Message = "Transcoder {Camera} track {TrackId}: no output for {StallTimeout} while input flows, but ffmpeg keeps getting CPU: the machine is busy, not ffmpeg stalled; it is restarted only if this lasts {StallTimeoutMax}")]
        public static partial void Starved(ILogger logger, CameraPath camera, int trackId, TimeSpan stallTimeout, TimeSpan stallTimeoutMax);
    }
}
