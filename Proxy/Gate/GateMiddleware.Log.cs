using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Gate;

internal sealed partial class GateMiddleware
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1760, Level = LogLevel.Debug, Message = "WebSocket of session {SessionId}: the connection to the viewer ended without a close handshake ({ForwarderError})")]
        public static partial void ViewerDropped(ILogger logger, string sessionId, ForwarderError forwarderError);
    }
}
