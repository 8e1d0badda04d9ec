namespace SecureStream.Policy.Audit;

/// <summary>What <see cref="AuditLineReader.Next"/> found.</summary>
internal enum AuditLineStatus
{
    /// <summary>A complete line.</summary>
    Line = 0,

    /// <summary>The end of the file, after complete lines only.</summary>
    End,

    /// <summary>The rest of the file cannot be read as lines (unterminated, over-long, I/O error).</summary>
    Problem,
}
