using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Audit;

/// <summary>Diagnostic log definitions for <see cref="AuditJournal"/> (event ids 2400–2419, 2600–2649, 2750–2759).</summary>
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
            Message = "Writing {RecordCount} audit records to {JournalPath} failed; those requests and all until a write succeeds are denied (logged once per failure spell)")]
        public static partial void WriteFailed(ILogger logger, string journalPath, int recordCount, Exception exception);

        [LoggerMessage(EventId = 2404, EventName = "AuditJournalFaulted", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} could not be cut back after a failed write; nothing is written (every request is denied) until a retry succeeds")]
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

        [LoggerMessage(EventId = 2750, EventName = "AuditJournalForeignNode", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} was not opened: its records were written by node {JournalNode}, and this node is {NodeId}; a journal holds one node's records. Every request is denied (503 audit_unavailable) until an operator moves the journal aside or sets Cluster:NodeId to the journal's node")]
        public static partial void ForeignNode(ILogger logger, string journalPath, string journalNode, string nodeId);

        [LoggerMessage(EventId = 2600, EventName = "AuditJournalRotated", Level = LogLevel.Information,
            Message = "Audit journal {JournalPath} rotated to {RotatedPath} at seq {LastSeq}")]
        public static partial void Rotated(ILogger logger, string journalPath, string rotatedPath, long lastSeq);

        [LoggerMessage(EventId = 2601, EventName = "AuditJournalRotateFailed", Level = LogLevel.Error,
            Message = "Audit journal {JournalPath} could not be renamed for rotation; records keep going to the same file")]
        public static partial void RotateFailed(ILogger logger, string journalPath, Exception exception);

        [LoggerMessage(EventId = 2602, EventName = "AuditJournalReopenFailed", Level = LogLevel.Error,
            Message = "Audit journal {JournalPath} could not be (re)opened; requests are denied until it can")]
        public static partial void ReopenFailed(ILogger logger, string journalPath, Exception exception);

        [LoggerMessage(EventId = 2603, EventName = "AuditJournalChangedUnderWriter", Level = LogLevel.Critical,
            Message = "Audit journal {JournalPath} was changed by another process; the journal stops (every request is denied) until an operator runs verify-audit and restarts")]
        public static partial void ChangedUnderWriter(ILogger logger, string journalPath);

        [LoggerMessage(EventId = 2604, EventName = "AuditJournalWritesRecovered", Level = LogLevel.Information,
            Message = "Audit journal {JournalPath} is writing again (seq {Seq}); requests are admitted again")]
        public static partial void WritesRecovered(ILogger logger, string journalPath, long seq);

        [LoggerMessage(EventId = 2605, EventName = "AuditRetentionApplied", Level = LogLevel.Information,
            Message = "Audit retention ({Rule}) deleted {FileCount} rotated files ({Bytes} bytes) of {JournalPath}; the kept history starts at seq {FirstSeq}")]
        public static partial void RetentionApplied(ILogger logger, string journalPath, int fileCount, long bytes, string rule, long firstSeq);

        [LoggerMessage(EventId = 2606, EventName = "AuditRetentionDeleteFailed", Level = LogLevel.Warning,
            Message = "Audit retention could not delete {FilePath}; delete it by hand or check the directory's permissions")]
        public static partial void RetentionDeleteFailed(ILogger logger, string filePath, Exception exception);

        [LoggerMessage(EventId = 2607, EventName = "AuditRetentionSkipped", Level = LogLevel.Warning,
            Message = "Audit retention deleted nothing: the first line of {FilePath} cannot be read, so where the kept history starts is unknown; run verify-audit")]
        public static partial void RetentionSkipped(ILogger logger, string filePath);

        [LoggerMessage(EventId = 2608, EventName = "AuditCheckpointFileFailed", Level = LogLevel.Warning,
            Message = "The audit checkpoint file {FilePath} could not be written; checkpoints stay in the journal and Seq only")]
        public static partial void CheckpointFileFailed(ILogger logger, string filePath, Exception exception);

        [LoggerMessage(EventId = 2609, EventName = "AuditDiskLow", Level = LogLevel.Warning,
            Message = "Only {FreeBytes} bytes are free for audit journal {JournalPath} (below Audit:DiskWarnFreeBytes = {WatermarkBytes}); free space or lower retention before the disk fills and viewers are refused")]
        public static partial void DiskLow(ILogger logger, string journalPath, long freeBytes, long watermarkBytes);

        [LoggerMessage(EventId = 2610, EventName = "AuditDiskCritical", Level = LogLevel.Critical,
            Message = "Only {FreeBytes} bytes are free for audit journal {JournalPath} (below Audit:DiskMinFreeBytes = {WatermarkBytes}); when the disk is full every viewer is refused (503 audit_unavailable)")]
        public static partial void DiskCritical(ILogger logger, string journalPath, long freeBytes, long watermarkBytes);

        [LoggerMessage(EventId = 2611, EventName = "AuditDiskRecovered", Level = LogLevel.Information,
            Message = "{FreeBytes} bytes are free again for audit journal {JournalPath}")]
        public static partial void DiskRecovered(ILogger logger, string journalPath, long freeBytes);
    }
}
