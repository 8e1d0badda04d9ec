using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Transcoding;

internal sealed partial class FfmpegBox
{
    /// <summary>Event ids 3200–3209.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3200, Level = LogLevel.Information,
            Message = "Transcoding available: {FfmpegPath} runs boxed (own network namespace, address space {MemoryLimitBytes} bytes, {MaxOpenFiles} files, nice {NiceLevel})")]
        public static partial void BoxReady(ILogger logger, string ffmpegPath, long memoryLimitBytes, int maxOpenFiles, int niceLevel);

        [LoggerMessage(EventId = 3201, Level = LogLevel.Error,
            Message = "Transcoding unavailable ({Reason}): ffmpeg is never run outside its box, so no camera is transcoded. {Detail}")]
        public static partial void BoxUnavailable(ILogger logger, string reason, string detail);
    }
}
