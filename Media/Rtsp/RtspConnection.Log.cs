using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Rtsp;

internal sealed partial class RtspConnection
{
    // Event ids 3000–3019 belong to Media/Rtsp connections (docs/EventIds.md). Hosts only: never a
    // URL (it may carry userinfo), never a header value (Authorization) or a body (SDP).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, EventName = "RtspConnected", Level = LogLevel.Debug,
            Message = "Connected to camera host {Host} port {Port} (TLS {Tls})")]
        public static partial void Connected(ILogger logger, string host, int port, bool tls);

        [LoggerMessage(EventId = 3001, EventName = "RtspResponseRefused", Level = LogLevel.Debug,
            Message = "Camera response refused by the parser: {Error}; the connection is closed")]
        public static partial void ResponseRefused(ILogger logger, RtspParseError error);

        [LoggerMessage(EventId = 3002, EventName = "RtspUnexpectedCSeq", Level = LogLevel.Debug,
            Message = "Camera answered with CSeq {CSeq} while {Expected} was awaited; the connection is closed")]
        public static partial void UnexpectedCSeq(ILogger logger, int? cSeq, int expected);

        [LoggerMessage(EventId = 3003, EventName = "RtspReceiveLoopFailed", Level = LogLevel.Error,
            Message = "The receive loop of a camera connection failed; the pull is ended")]
        public static partial void ReceiveLoopFailed(ILogger logger, Exception exception);
    }
}
