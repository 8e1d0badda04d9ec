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
        var buffer = new byte[AuditLimits.MaxLineBytes * 2];
        Span<byte> expectedPrev = stackalloc byte[AuditChain.HashSize];
        Span<byte> prev = stackalloc byte[AuditChain.HashSize];
        Span<byte> hash = stackalloc byte[AuditChain.HashSize];
        expectedPrev.Clear();
        int start = 0, end = 0;
        long lineNumber = 0, expectedSeq = 1;
        var endOfFile = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (end - start >= AuditLimits.MaxLineBytes)
                {
                    return AuditVerification.Broken(lineNumber + 1, expectedSeq - 1, "the line is longer than the line limit");
                }

                if (endOfFile)
                {
                    return end > start
                        ? AuditVerification.Broken(lineNumber + 1, expectedSeq - 1, "the last line is not terminated (truncated)")
                        : AuditVerification.Intact(expectedSeq - 1);
                }

                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
                try
                {
                    var read = stream.Read(buffer, end, buffer.Length - end);
                    endOfFile = read == 0;
                    end += read;
                }
                catch (IOException ex)
                {
                    return AuditVerification.Broken(lineNumber + 1, expectedSeq - 1, "reading failed (" + ex.GetType().Name + ")");
                }

                continue;
            }

            lineNumber++;
            var line = buffer.AsSpan(start, newline);
            start += newline + 1;
            if (!AuditChain.TryReadLine(line, out var seq, prev, hash, out var problem))
            {
                return AuditVerification.Broken(lineNumber, expectedSeq - 1, "the line " + problem);
            }

            if (seq != expectedSeq)
            {
                return AuditVerification.Broken(lineNumber, expectedSeq - 1, DescribeSeq(expectedSeq - 1, seq));
            }

            if (!prev.SequenceEqual(expectedPrev))
            {
                return AuditVerification.Broken(lineNumber, expectedSeq - 1,
                    "prev does not match the previous line's hash: a record before this line was removed or replaced");
            }

            hash.CopyTo(expectedPrev);
            expectedSeq++;
        }
    }

    private static string DescribeSeq(long previous, long found) => found <= previous
        ? string.Create(CultureInfo.InvariantCulture, $"seq goes back from {previous} to {found}: lines were reordered or repeated")
        : string.Create(CultureInfo.InvariantCulture, $"seq jumps from {previous} to {found}: a record before this line was removed or lines were reordered");
}
