namespace SecureStream.Proxy.Listeners;

internal sealed partial class OriginSocket
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1970, Level = LogLevel.Information, Message = "The embedded origin listens on the Unix socket {Path} (stale socket file removed first: {RemovedStaleFile}); the front door forwards to it")]
        public static partial void OriginListeningOnSocket(ILogger logger, string path, bool removedStaleFile);
    }
}
