namespace SecureStream.Proxy.Cluster;

internal sealed partial class RedisSessionCounter
{
    private static partial class Log
    {
        // Debug: the outage itself is reported once by SharedState; this says what it cost a lease.
        [LoggerMessage(EventId = 1843, EventName = "SessionLeaseLeftToLapse", Level = LogLevel.Debug,
            Message = "Session lease {LeaseId} could not be removed; it stops counting within {LifetimeSeconds} s")]
        public static partial void ReleaseLeftToLapse(ILogger logger, string leaseId, int lifetimeSeconds);

        [LoggerMessage(EventId = 1844, EventName = "SessionLeaseRefreshFailed", Level = LogLevel.Debug,
            Message = "{Failed} of {Held} session leases could not be refreshed; the sessions continue and are refreshed at the next tick Redis answers")]
        public static partial void RefreshFailed(ILogger logger, int failed, int held);
    }
}
