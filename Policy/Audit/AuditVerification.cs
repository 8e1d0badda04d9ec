namespace SecureStream.Policy.Audit;

/// <summary>
/// The outcome of <see cref="AuditVerifier.Verify(string)"/>. <see cref="RecordCount"/> is the
/// number of records that checked out before the first problem; <see cref="FirstBadLine"/> is
/// 1-based and null when the file as a whole could not be read.
/// </summary>
internal readonly record struct AuditVerification(bool IsIntact, long RecordCount, long? FirstBadLine, string? Problem)
{
    /// <summary>Every line checked out.</summary>
    public static AuditVerification Intact(long recordCount) => new(true, recordCount, null, null);

    /// <summary>Checking stopped at <paramref name="line"/>.</summary>
    public static AuditVerification Broken(long? line, long recordCount, string problem) => new(false, recordCount, line, problem);
}
