namespace SecureStream.Proxy.Listeners;

internal sealed partial class ConnectionLimiter
{
    // Event ids 1660–1689 belong to Proxy/Listeners (docs/EventIds.md).
    private static partial class Log
    {
        [LoggerMessage(EventId = 1660, EventName = "ConnectionsRefused", Level = LogLevel.Warning,
            Message = "Listener {Listener} closed {OverTotal} connections on accept because it was full ({MaxConnections}) and {OverShare} because their source held its share ({MaxPerAddress}) in the last {IntervalSeconds} s")]
        public static partial void ConnectionsRefused(ILogger logger, ListenerKind listener, long overTotal, long overShare, int intervalSeconds, int maxConnections, int maxPerAddress);
    }
}
