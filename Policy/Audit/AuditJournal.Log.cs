using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Audit;

/// <summary>Diagnostic log definitions for <see cref="AuditJournal"/> (event ids 2400–2419).</summary>
internal sealed partial class AuditJournal
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2400, EventName = "AuditJournalOpened", Level = LogLevel.Information,
            Message = "Audit journal {JournalPath} is open; the next record is seq {NextSeq}")]
        public static partial void Opened(ILogger logger, string journalPath, long nextSeq);

        [LoggerMessage(EventId = 2401, EventName = "AuditJournalTailCorrupt", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} was not opened: its last line {Problem}. Every request is denied (503 audit_unavailable) until an operator runs verify-audit and moves the file aside")]
        public static partial void TailCorrupt(ILogger logger, string journalPath, string problem);

        [LoggerMessage(EventId = 2402, EventName = "AuditJournalOpenFailed", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} cannot be opened; every request is denied (503 audit_unavailable) until Audit:JournalPath names a writable file")]
        public static partial void OpenFailed(ILogger logger, string journalPath, Exception exception);

        [LoggerMessage(EventId = 2403, EventName = "AuditJournalWriteFailed", Level = LogLevel.Error,
            Message = "Writing {RecordCount} audit records to {JournalPath} failed; those requests are denied")]
        public static partial void WriteFailed(ILogger logger, string journalPath, int recordCount, Exception exception);

        [LoggerMessage(EventId = 2404, EventName = "AuditJournalFaulted", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} could not be repaired after a failed write and accepts no more records; every request is denied until restart")]
        public static partial void Faulted(ILogger logger, string journalPath, Exception exception);

        [LoggerMessage(EventId = 2405, EventName = "AuditRecordRefused", Level = LogLevel.Error,
            Message = "An audit record of type {EventType} could not be serialised and was not written")]
        public static partial void RecordRefused(ILogger logger, string eventType, Exception exception);

        [LoggerMessage(EventId = 2406, EventName = "AuditJournalClosed", Level = LogLevel.Information,
            Message = "Audit journal {JournalPath} closed at seq {LastSeq}")]
        public static partial void Closed(ILogger logger, string journalPath, long lastSeq);

        [LoggerMessage(EventId = 2407, EventName = "AuditJournalWriterFailed", Level = LogLevel.Critical,
            Message = "The writer of audit journal {JournalPath} failed unexpectedly and accepts no more records; every request is denied until restart")]
        public static partial void WriterFailed(ILogger logger, string journalPath, Exception exception);
    }
}
