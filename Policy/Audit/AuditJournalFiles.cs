using System.Globalization;
using System.Text.Json;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Where the journal's files live and how they are named, shared by the journal and
/// <c>verify-audit</c>. For the active file <c>dir/audit.jsonl</c>: rotated files are
/// <c>dir/audit-&lt;first seq, 12+ digits&gt;.jsonl</c> (the seq of their first line, so the order is
/// the name's number), the checkpoint file is <c>dir/audit.checkpoints</c> and the lock
/// <c>dir/audit.jsonl.lock</c>.
/// </summary>
internal static class AuditJournalFiles
{
    /// <summary>The digits of the seq in a rotated file's name are zero-padded to this many, so names also sort as text.</summary>
    private const int SeqDigits = 12;

    /// <summary>The name a file starting at <paramref name="firstSeq"/> gets when it is rotated.</summary>
    public static string RotatedPath(string activePath, long firstSeq) =>
        Path.Combine(DirectoryOf(activePath), Path.GetFileNameWithoutExtension(activePath) + "-"
            + firstSeq.ToString("D" + SeqDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            + Path.GetExtension(activePath));

    /// <summary>The append-only checkpoint file beside the journal.</summary>
    public static string CheckpointPath(string activePath) =>
        Path.Combine(DirectoryOf(activePath), Path.GetFileNameWithoutExtension(activePath) + ".checkpoints");

    /// <summary>The directory holding the journal's files (absolute).</summary>
    public static string DirectoryOf(string activePath) => Path.GetDirectoryName(Path.GetFullPath(activePath))!;

    /// <summary>The rotated files of the journal whose active file is <paramref name="activePath"/>, oldest first.</summary>
    public static List<AuditJournalFile> ListRotated(string activePath)
    {
        var directory = DirectoryOf(activePath);
        var stem = Path.GetFileNameWithoutExtension(activePath) + "-";
        var extension = Path.GetExtension(activePath);
        var files = new List<AuditJournalFile>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (var info in new DirectoryInfo(directory).EnumerateFiles(stem + "*" + extension))
        {
            var name = info.Name;
            var digits = name.AsSpan(stem.Length, name.Length - stem.Length - extension.Length);
            if (digits.Length >= SeqDigits && !digits.ContainsAnyExceptInRange('0', '9')
                && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var firstSeq) && firstSeq > 0)
            {
                files.Add(new AuditJournalFile(info.FullName, firstSeq, info.Length));
            }
        }

        files.Sort((a, b) => a.FirstSeq.CompareTo(b.FirstSeq));
        return files;
    }

    /// <summary>True when <paramref name="fileName"/> has the shape of a rotated file's name (<c>stem-&lt;12+ digits&gt;.ext</c>).</summary>
    public static bool IsRotatedName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName.AsSpan());
        var dash = stem.LastIndexOf('-');
        return dash > 0 && stem.Length - dash - 1 >= SeqDigits && !stem[(dash + 1)..].ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// Reads the first line of <paramref name="stream"/> (without its LF). Null when the file is
    /// empty, or its first line is unterminated or longer than <see cref="AuditLimits.MaxLineBytes"/>.
    /// </summary>
    public static byte[]? ReadFirstLine(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[AuditLimits.MaxLineBytes];
        stream.Seek(0, SeekOrigin.Begin);
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
        return newline < 0 ? null : buffer.AsSpan(0, newline).ToArray();
    }

    /// <summary>
    /// Reads the last line of <paramref name="stream"/> (without its LF). True with a null line for
    /// an empty file; false with a constant <paramref name="problem"/> when the file does not end
    /// in a complete line of at most <see cref="AuditLimits.MaxLineBytes"/>.
    /// </summary>
    public static bool TryReadLastLine(Stream stream, out byte[]? line, out string problem)
    {
        ArgumentNullException.ThrowIfNull(stream);
        line = null;
        problem = string.Empty;
        var length = stream.Length;
        if (length == 0)
        {
            return true;
        }

        var window = (int)Math.Min(length, AuditLimits.MaxLineBytes);
        var buffer = new byte[window];
        stream.Seek(length - window, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        if (buffer[^1] != (byte)'\n')
        {
            problem = "is not terminated (a write was cut short)";
            return false;
        }

        var content = buffer.AsSpan(0, window - 1);
        var start = content.LastIndexOf((byte)'\n') + 1;
        if (start == 0 && window < length)
        {
            problem = "is longer than the line limit";
            return false;
        }

        line = content[start..].ToArray();
        return true;
    }

    /// <summary>Reads the envelope's <c>time</c> of a journal line; false when it has none.</summary>
    public static bool TryReadTime(ReadOnlySpan<byte> line, out DateTimeOffset time)
    {
        time = default;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 2 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("time"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String
                        && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
