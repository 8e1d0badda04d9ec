using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Gate;

internal sealed partial class GateMiddleware
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1760, Level = LogLevel.Debug, Message = "WebSocket of session {SessionId} ended: the viewer dropped the connection without a close handshake ({ForwarderError}); recorded as hang_up")]
        public static partial void ViewerDropped(ILogger logger, string sessionId, ForwarderError forwarderError);
    }
}
