using System.Text.Json;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Reads a journal's records back for a search (the operator console's audit search,
/// docs/console.md): the active file and its rotated files, newest file first, each streamed with
/// <see cref="AuditLineReader"/>'s fixed buffer. Bounded work: once the files read hold
/// <c>limit</c> matches, older files are not opened; memory holds at most <c>limit</c> records.
/// The chain is not checked here; <see cref="AuditJournalVerifier"/> does that, once for all.
/// </summary>
internal static class AuditJournalReader
{
    /// <summary>The most records one search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// The newest <paramref name="limit"/> records that match <paramref name="filter"/>, newest
    /// first, each as its journal JSON object. Checkpoint lines are records too (they match only a
    /// search without operator, camera or link filters). A file that cannot be read, or whose
    /// rest cannot (a line being written, an over-long line), ends that file's part. Never throws
    /// for I/O or content reasons.
    /// </summary>
    public static IReadOnlyList<JsonElement> Search(string activePath, AuditSearchFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(activePath);
        ArgumentNullException.ThrowIfNull(filter);
        limit = Math.Clamp(limit, 1, MaxLimit);
        var files = AuditJournalFiles.ListRotated(activePath).Select(file => file.Path).ToList();
        files.Add(Path.GetFullPath(activePath));
        var needles = Needles(filter);
        var found = new List<JsonElement>(Math.Min(limit, 128));
        for (var i = files.Count - 1; i >= 0 && found.Count < limit; i--)
        {
            var newest = ReadFile(files[i], filter, needles, limit - found.Count);
            for (var j = newest.Count - 1; j >= 0; j--)
            {
                found.Add(newest[j]);
            }
        }

        return found;
    }

    /// <summary>The file's last <paramref name="keep"/> matches, oldest first.</summary>
    private static List<JsonElement> ReadFile(string path, AuditSearchFilter filter, byte[][] needles, int keep)
    {
        var kept = new Queue<JsonElement>();
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            var reader = new AuditLineReader(stream);
            while (reader.Next(out var line, out _) == AuditLineStatus.Line)
            {
                if (!ContainsAll(line, needles) || Match(line, filter) is not { } record)
                {
                    continue;
                }

                if (kept.Count == keep)
                {
                    kept.Dequeue();
                }

                kept.Enqueue(record);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Rotated away or removed by retention meanwhile: what was read stands.
        }

        return [.. kept];
    }

    /// <summary>Byte strings every matching line must contain: a cheap test before a line is parsed.</summary>
    private static byte[][] Needles(AuditSearchFilter filter)
    {
        var needles = new List<byte[]>(3);
        foreach (var value in new[] { filter.Operator, filter.Camera, filter.LinkId })
        {
            if (!string.IsNullOrEmpty(value))
            {
                // The journal writes JSON strings escaped; the needle is the value as written.
                needles.Add(JsonEncodedText.Encode(value).EncodedUtf8Bytes.ToArray());
            }
        }

        return [.. needles];
    }

    private static bool ContainsAll(ReadOnlySpan<byte> line, byte[][] needles)
    {
        foreach (var needle in needles)
        {
            if (line.IndexOf(needle) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The line as a record when it matches; null otherwise (also for a line that is not a JSON object).</summary>
    private static JsonElement? Match(ReadOnlySpan<byte> line, AuditSearchFilter filter)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && Matches(root, filter) ? root.Clone() : null;
        }
    }

    private static bool Matches(JsonElement record, AuditSearchFilter filter)
    {
        if (filter.From is not null || filter.To is not null)
        {
            if (Text(record, "time") is not { } text
                || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                || time < filter.From || time > filter.To)
            {
                return false;
            }
        }

        if (filter.Operator is { Length: > 0 } wanted)
        {
            var named = Text(record, "operator");
            if (named != wanted && named != "op:" + wanted && Text(record, "administrator") != wanted)
            {
                return false;
            }
        }

        if (filter.Camera is { Length: > 0 } camera && (Text(record, "camera") != camera || Text(record, "app") != filter.App))
        {
            return false;
        }

        return filter.LinkId is not { Length: > 0 } linkId || Text(record, "link_id") == linkId || CarriesLinkId(Text(record, "credential_id"), linkId);
    }

    /// <summary><c>credential_id</c> is <c>[kid:&lt;id&gt; ]jti:&lt;id&gt;</c> or a hash: the link id is one whole word of it.</summary>
    private static bool CarriesLinkId(string? credentialId, string linkId)
    {
        if (credentialId is null)
        {
            return false;
        }

        foreach (var word in credentialId.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length == linkId.Length + 4 && word.StartsWith("jti:", StringComparison.Ordinal) && word.AsSpan(4).SequenceEqual(linkId))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
