namespace SecureStream.Policy.Audit;

/// <summary>One rotated journal file: its path, the seq its name says it starts at, and its size.</summary>
internal readonly record struct AuditJournalFile(string Path, long FirstSeq, long Length);
