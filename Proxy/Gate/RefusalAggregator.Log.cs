namespace SecureStream.Proxy.Gate;

internal sealed partial class RefusalAggregator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1620, Level = LogLevel.Warning, Message = "An access.refusals summary ({Reason}, {Count} refusals) could not be written to the audit journal")]
        public static partial void SummaryNotWritten(ILogger logger, string reason, long count);
    }
}
