using Microsoft.Extensions.Logging;
using SecureStream.Media.Rtsp;

namespace SecureStream.DemoCameras;

internal sealed partial class DemoRtspConnection
{
    // Event ids 3500–3599 belong to the demo cameras, DemoCameras/ (docs/EventIds.md); connections have 3530–3549.
    // Per-session, never per-packet: drops are counted and reported when the session ends.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3530, EventName = "DemoRequestRefused", Level = LogLevel.Debug,
            Message = "Demo camera client {Peer} sent a malformed request ({Reason}); answered 400 and closed")]
        public static partial void RequestRefused(ILogger logger, string peer, RtspParseError reason);

        [LoggerMessage(EventId = 3531, EventName = "DemoSessionStarted", Level = LogLevel.Debug,
            Message = "Demo camera session {SessionId} for {Camera} (clip {Clip}) started by {Peer}")]
        public static partial void SessionStarted(ILogger logger, string sessionId, string camera, string clip, string peer);

        [LoggerMessage(EventId = 3532, EventName = "DemoSessionEnded", Level = LogLevel.Debug,
            Message = "Demo camera session {SessionId} for {Camera} ended ({Reason}): {PacketsSent} packets sent, {TicksDropped} ticks dropped for a slow reader")]
        public static partial void SessionEnded(ILogger logger, string sessionId, string camera, string reason, long packetsSent, long ticksDropped);
    }
}
