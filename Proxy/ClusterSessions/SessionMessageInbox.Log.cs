namespace SecureStream.Proxy.ClusterSessions;

internal sealed partial class SessionMessageInbox
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, EventName = "SessionChannelListening", Level = LogLevel.Information,
            Message = "Listening for session messages on Redis channel {Channel}")]
        public static partial void Listening(ILogger logger, string channel);

        // At most once a minute, with the running count: a flood of garbage must not flood the log.
        [LoggerMessage(EventId = 1901, EventName = "SessionMessagesRefused", Level = LogLevel.Warning,
            Message = "Refused a session message on Redis channel {Channel} (malformed or not for this node); {Refused} refused since start")]
        public static partial void MessagesRefused(ILogger logger, string channel, long refused);
    }
}
