using System.Net;
using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Diagnostics for client address resolution (event ids 1050–1099). Header values are never logged.</summary>
internal sealed partial class ClientAddressResolver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1050, EventName = "ForwardingHeadersFromUntrustedPeer", Level = LogLevel.Debug,
            Message = "X-Real-IP / X-Forwarded-For from {Peer} ignored: the peer is not a trusted proxy")]
        public static partial void HeadersFromUntrustedPeer(ILogger logger, IPAddress peer);

        [LoggerMessage(EventId = 1051, EventName = "UnparseableForwardingHeader", Level = LogLevel.Debug,
            Message = "{Header} from trusted proxy {Peer} is not an address; using the peer address")]
        public static partial void UnparseableHeader(ILogger logger, string header, IPAddress peer);
    }
}
