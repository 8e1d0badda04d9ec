using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Audit;

/// <summary>Diagnostic log definitions for <see cref="AuditWriter"/> (event ids 2420–2439).</summary>
internal sealed partial class AuditWriter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2420, EventName = "AuditSerilogCopyFailed", Level = LogLevel.Warning,
            Message = "The Serilog copy of an audit record of type {EventType} could not be written; the journal copy is unaffected")]
        public static partial void SinkFailed(ILogger logger, string eventType, Exception exception);
    }
}
