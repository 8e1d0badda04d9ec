using System.Globalization;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Recomputes a journal's hash chain (the <c>verify-audit</c> verb) and names the first line
/// that was altered (hash mismatch), removed (seq gap or <c>prev</c> mismatch), reordered (seq
/// going back), truncated (no final LF) or unparseable. Streams the file: memory stays bounded
/// by <see cref="AuditLimits.MaxLineBytes"/> whatever the file's size.
/// </summary>
/// <remarks>
/// Run on a live journal, the last line may be caught half-written and reported as truncated;
/// run it again or on a copy taken while the gate is stopped. What a hash chain cannot show on
/// its own — the newest lines removed, or everything after an edit rewritten — shows up against
/// the <c>AuditSeq</c>/<c>AuditHash</c> properties of the copies in Seq.
/// </remarks>
internal static class AuditVerifier
{
    /// <summary>Verifies the journal file at <paramref name="path"/>. Never throws for I/O or content reasons.</summary>
    public static AuditVerification Verify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return AuditVerification.Broken(null, 0, "the journal file does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return AuditVerification.Broken(null, 0, "the journal file cannot be read (" + ex.GetType().Name + ")");
        }

        using (stream)
        {
            return Verify(stream);
        }
    }

    /// <summary>Verifies a journal read from <paramref name="stream"/> (from its current position).</summary>
    public static AuditVerification Verify(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new AuditLineReader(stream);
        Span<byte> expectedPrev = stackalloc byte[AuditChain.HashSize];
        Span<byte> prev = stackalloc byte[AuditChain.HashSize];
        Span<byte> hash = stackalloc byte[AuditChain.HashSize];
        expectedPrev.Clear();
        long expectedSeq = 1;
        while (true)
        {
            switch (reader.Next(out var line, out var readProblem))
            {
                case AuditLineStatus.End:
                    return AuditVerification.Intact(expectedSeq - 1);
                case AuditLineStatus.Problem:
                    return AuditVerification.Broken(reader.LineNumber + 1, expectedSeq - 1, readProblem);
            }

            if (CheckLink(line, expectedSeq, expectedPrev, prev, hash, out _) is { } problem)
            {
                return AuditVerification.Broken(reader.LineNumber, expectedSeq - 1, problem);
            }

            hash.CopyTo(expectedPrev);
            expectedSeq++;
        }
    }

    /// <summary>
    /// Checks one line on its own and as the successor of seq <paramref name="expectedSeq"/> − 1
    /// with hash <paramref name="expectedPrev"/>; fills <paramref name="prev"/>,
    /// <paramref name="hash"/> and <paramref name="envelope"/>. Null when it checks out, else the problem.
    /// </summary>
    internal static string? CheckLink(ReadOnlySpan<byte> line, long expectedSeq, ReadOnlySpan<byte> expectedPrev, Span<byte> prev, Span<byte> hash, out AuditLineEnvelope envelope)
    {
        if (!AuditChain.TryReadLine(line, out var seq, prev, hash, out envelope, out var problem))
        {
            return "the line " + problem;
        }

        if (seq != expectedSeq)
        {
            return DescribeSeq(expectedSeq - 1, seq);
        }

        return prev.SequenceEqual(expectedPrev)
            ? null
            : "prev does not match the previous line's hash: a record before this line was removed or replaced";
    }

    private static string DescribeSeq(long previous, long found) => found <= previous
        ? string.Create(CultureInfo.InvariantCulture, $"seq goes back from {previous} to {found}: lines were reordered or repeated")
        : string.Create(CultureInfo.InvariantCulture, $"seq jumps from {previous} to {found}: a record before this line was removed or lines were reordered");
}
