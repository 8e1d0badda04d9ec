using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Ice;

internal sealed partial class IceUdpEndpoint
{
    // Event ids 3600–3649 belong to Media/WebRtc/Ice (docs/EventIds.md). The data plane never logs
    // per packet (STYLE §8): drops are counted and reported once per interval.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3610, EventName = "IceEndpointStarted", Level = LogLevel.Information,
            Message = "ICE port listening on {LocalEndPoint} (UDP; ICE-TCP {TcpEnabled})")]
        public static partial void Started(ILogger logger, IPEndPoint localEndPoint, bool tcpEnabled);

        [LoggerMessage(EventId = 3611, EventName = "IcePacketsDropped", Level = LogLevel.Debug,
            Message = "ICE port dropped {Count} packets in the last {IntervalSeconds} s: {Reasons}")]
        public static partial void PacketsDropped(ILogger logger, long count, int intervalSeconds, string reasons);

        [LoggerMessage(EventId = 3612, EventName = "IceReceiveFailed", Level = LogLevel.Warning,
            Message = "ICE UDP receive failed with {SocketError}; still receiving")]
        public static partial void ReceiveFailed(ILogger logger, SocketError socketError);
    }
}
