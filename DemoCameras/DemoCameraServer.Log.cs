using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SecureStream.DemoCameras;

public sealed partial class DemoCameraServer
{
    // Event ids 3500–3599 belong to the demo cameras, DemoCameras/ (docs/EventIds.md); the server has 3500–3519.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3500, EventName = "DemoCamerasListening", Level = LogLevel.Information,
            Message = "Demo cameras listening on rtsp://{EndPoint}/demo/{{name}} ({ClipCount} clips, any name)")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint, int clipCount);

        [LoggerMessage(EventId = 3501, EventName = "DemoCamerasStopped", Level = LogLevel.Information,
            Message = "Demo cameras on {EndPoint} stopped")]
        public static partial void Stopped(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(EventId = 3502, EventName = "DemoConnectionLimitReached", Level = LogLevel.Warning,
            Message = "Demo camera connection refused: {MaxConnections} connections are open; raise DemoCameras:MaxConnections if a benchmark needs more")]
        public static partial void ConnectionLimitReached(ILogger logger, int maxConnections);

        [LoggerMessage(EventId = 3503, EventName = "DemoAcceptFailed", Level = LogLevel.Warning,
            Message = "Accepting a demo camera connection failed ({SocketError}); check the process's file descriptor limit")]
        public static partial void AcceptFailed(ILogger logger, SocketError socketError);

        [LoggerMessage(EventId = 3504, EventName = "DemoConnectionFailed", Level = LogLevel.Error,
            Message = "A demo camera connection failed unexpectedly and was closed (a bug: report it)")]
        public static partial void ConnectionFailed(ILogger logger, Exception exception);
    }
}
