using System.Net;
using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Diagnostics for client address resolution (event ids 1050–1099 and 1690). Header values are never logged.</summary>
internal sealed partial class ClientAddressResolver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1050, EventName = "ForwardingHeadersFromUntrustedPeer", Level = LogLevel.Debug,
            Message = "X-Real-IP / X-Forwarded-For from {Peer} ignored: the peer is not a trusted proxy")]
        public static partial void HeadersFromUntrustedPeer(ILogger logger, IPAddress peer);

        [LoggerMessage(EventId = 1051, EventName = "UnparseableForwardingHeader", Level = LogLevel.Debug,
            Message = "{Header} from trusted proxy {Peer} holds an entry that is not an address; using the nearest valid hop")]
        public static partial void UnparseableHeader(ILogger logger, string header, IPAddress peer);

        [LoggerMessage(EventId = 1690, EventName = "ForwardLimitReached", Level = LogLevel.Debug,
            Message = "X-Forwarded-For from trusted proxy {Peer} has more than {ForwardLimit} entries, all trusted; using the entry at the limit")]
        public static partial void ForwardLimitReached(ILogger logger, int forwardLimit, IPAddress peer);
    }
}
