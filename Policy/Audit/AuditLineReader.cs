namespace SecureStream.Policy.Audit;

/// <summary>
/// Reads a journal file line by line with a fixed buffer (twice <see cref="AuditLimits.MaxLineBytes"/>),
/// so verifying never holds more than that in memory whatever the file's size.
/// </summary>
internal sealed class AuditLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[AuditLimits.MaxLineBytes * 2];
    private int _start;
    private int _end;
    private bool _endOfFile;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The next line without its LF. <see cref="AuditLineStatus.Line"/> with the line; otherwise
    /// the end of the file, or why the rest cannot be read (a problem with a constant text).
    /// </summary>
    public AuditLineStatus Next(out ReadOnlySpan<byte> line, out string problem)
    {
        line = default;
        problem = string.Empty;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                LineNumber++;
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                return AuditLineStatus.Line;
            }

            if (_end - _start >= AuditLimits.MaxLineBytes)
            {
                problem = "the line is longer than the line limit";
                return AuditLineStatus.Problem;
            }

            if (_endOfFile)
            {
                if (_end > _start)
                {
                    problem = "the last line is not terminated (truncated)";
                    return AuditLineStatus.Problem;
                }

                return AuditLineStatus.End;
            }

            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
            try
            {
                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                _endOfFile = read == 0;
                _end += read;
            }
            catch (IOException ex)
            {
                problem = "reading failed (" + ex.GetType().Name + ")";
                return AuditLineStatus.Problem;
            }
        }
    }
}
