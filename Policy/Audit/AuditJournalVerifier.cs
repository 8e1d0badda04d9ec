using System.Globalization;
using System.Text;

namespace SecureStream.Policy.Audit;

/// <summary>
/// <c>verify-audit</c> over a whole journal: every rotated file and the active file in seq order,
/// the chain across file boundaries, where the kept history legitimately starts (retention
/// records), and the signed checkpoints — in the journal and in the checkpoint file — against the
/// lines they vouch for, and that the journal holds one node's records. Names what it finds: an
/// edited line, a deleted or replaced file, a cut-off tail, a rewritten tail, records of two nodes
/// in one journal (docs/audit.md, verify-audit). Memory is bounded by the line limit plus one
/// entry per checkpoint-file line.
/// </summary>
internal static class AuditJournalVerifier
{
    private static readonly string ZeroHash = AuditChain.ZeroHashHex;

    /// <summary>
    /// Verifies the journal whose active file is <paramref name="pathOrDirectory"/>, or the one
    /// journal in that directory. Without <paramref name="key"/> checkpoints are compared with
    /// the journal but their signatures are not checked (and the report says so). Never throws
    /// for I/O or content reasons.
    /// </summary>
    public static AuditJournalReport Verify(string pathOrDirectory, AuditCheckpointKey? key)
    {
        ArgumentNullException.ThrowIfNull(pathOrDirectory);
        var report = new AuditJournalReport { SignaturesChecked = key is not null };
        if (!TryFindActive(pathOrDirectory, out var active, out var error))
        {
            report.Unreadable = error;
            return report;
        }

        var files = AuditJournalFiles.ListRotated(active);
        if (File.Exists(active))
        {
            files.Add(new AuditJournalFile(Path.GetFullPath(active), 0, 0));
        }

        if (files.Count == 0)
        {
            report.Unreadable = active + " does not exist, and no rotated files are beside it";
            return report;
        }

        var walk = new Walk(active, report, key, ReadCheckpointFile(active, key, report));
        foreach (var file in files)
        {
            walk.File(file);
        }

        walk.Finish(AuditJournalFiles.CheckpointPath(active));
        return report;
    }

    private static bool TryFindActive(string pathOrDirectory, out string active, out string error)
    {
        active = pathOrDirectory;
        error = string.Empty;
        if (!Directory.Exists(pathOrDirectory))
        {
            return true;
        }

        var candidates = Directory.EnumerateFiles(pathOrDirectory, "*.jsonl")
            .Where(path => !AuditJournalFiles.IsRotatedName(Path.GetFileName(path)))
            .ToList();
        if (candidates.Count == 1)
        {
            active = candidates[0];
            return true;
        }

        if (candidates.Count == 0)
        {
            active = Path.Combine(pathOrDirectory, Path.GetFileName(new AuditOptions().JournalPath));
            return true;
        }

        error = pathOrDirectory + " holds several journals (" + string.Join(", ", candidates.Select(Path.GetFileName)) + "); name the active file";
        return false;
    }

    /// <summary>Reads the checkpoint file: each line must check out on its own and, with a key, carry a valid signature.</summary>
    private static Dictionary<long, AuditCheckpointLine> ReadCheckpointFile(string active, AuditCheckpointKey? key, AuditJournalReport report)
    {
        var checkpoints = new Dictionary<long, AuditCheckpointLine>();
        var path = AuditJournalFiles.CheckpointPath(active);
        if (!File.Exists(path))
        {
            report.Note("no checkpoint file (" + Path.GetFileName(path) + "): a cut-off tail cannot be detected locally; compare the last seq with Seq");
            return checkpoints;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            var reader = new AuditLineReader(stream);
            Span<byte> prev = stackalloc byte[AuditChain.HashSize];
            Span<byte> hash = stackalloc byte[AuditChain.HashSize];
            var name = Path.GetFileName(path);
            while (reader.Next(out var line, out var problem) is var status && status != AuditLineStatus.End)
            {
                if (status == AuditLineStatus.Problem)
                {
                    report.Problem(At(name, reader.LineNumber + 1) + problem);
                    break;
                }

                if (!AuditChain.TryReadLine(line, out _, prev, hash, out problem) || AuditCheckpointLine.TryParse(line) is not { } checkpoint)
                {
                    report.Problem(At(name, reader.LineNumber) + "the checkpoint line " + (problem.Length > 0 ? problem : "is not a checkpoint") + " (the checkpoint file was altered)");
                    continue;
                }

                if (key is not null && checkpoint.CheckMac(key) is { } macProblem)
                {
                    report.Problem(At(name, reader.LineNumber) + "checkpoint at seq " + Number(checkpoint.Seq) + ": " + macProblem);
                    continue;
                }

                checkpoints[checkpoint.Seq] = checkpoint;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Problem(Path.GetFileName(path) + ": cannot be read (" + ex.GetType().Name + ")");
        }

        return checkpoints;
    }

    /// <summary>The prefix of a problem found at a line: <c>file line L: </c>.</summary>
    internal static string At(string file, long line) => file + " line " + Number(line) + ": ";

    /// <summary>A number as problems write it.</summary>
    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hex(ReadOnlySpan<byte> hash)
    {
        Span<byte> hex = stackalloc byte[AuditChain.HexLength];
        AuditChain.WriteHex(hash, hex);
        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>The state carried from file to file.</summary>
    private sealed class Walk(string active, AuditJournalReport report, AuditCheckpointKey? key, Dictionary<long, AuditCheckpointLine> checkpointFile)
    {
        private readonly byte[] _expectedPrev = new byte[AuditChain.HashSize];
        private readonly HashSet<long> _matched = [];
        private readonly AuditJournalNodeCheck _nodes = new(report);
        private readonly byte[] _lastTime = new byte[64];
        private int _lastTimeLength;
        private long _expectedSeq;
        private bool _started;
        private string _startPrev = ZeroHash;
        private string _startFile = string.Empty;
        private string _lastFile = string.Empty;
        private long _lastCheckpoint;
        private (long Seq, long FirstSeq, string FirstPrev)? _retention;

        public void File(AuditJournalFile file)
        {
            report.FileCount++;
            var name = Path.GetFileName(file.Path);
            try
            {
                using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
                Lines(new AuditLineReader(stream), name, file.FirstSeq);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Problem(name + ": cannot be read (" + ex.GetType().Name + ")");
                _expectedSeq = 0;
            }

            _lastFile = name;
        }

        private void Lines(AuditLineReader reader, string name, long namedSeq)
        {
            Span<byte> prev = stackalloc byte[AuditChain.HashSize];
            Span<byte> hash = stackalloc byte[AuditChain.HashSize];
            var first = true;
            while (true)
            {
                var status = reader.Next(out var line, out var problem);
                if (status == AuditLineStatus.End)
                {
                    if (first && namedSeq > 0)
                    {
                        report.Problem(name + ": the rotated file is empty (its records were removed)");
                    }

                    return;
                }

                if (status == AuditLineStatus.Problem)
                {
                    report.Problem(At(name, reader.LineNumber + 1) + problem);
                    _expectedSeq = 0;
                    return;
                }

                long seq;
                AuditLineEnvelope envelope;
                if (first)
                {
                    if (!AuditChain.TryReadLine(line, out seq, prev, hash, out envelope, out problem))
                    {
                        report.Problem(At(name, 1) + "the line " + problem);
                        _expectedSeq = 0;
                        return;
                    }

                    Boundary(name, namedSeq, seq, prev);
                    first = false;
                }
                else if (AuditVerifier.CheckLink(line, _expectedSeq, _expectedPrev, prev, hash, out envelope) is { } linkProblem)
                {
                    report.Problem(At(name, reader.LineNumber) + linkProblem);
                    _expectedSeq = 0;
                    return;
                }
                else
                {
                    seq = _expectedSeq;
                }

                Record(line, seq, prev, hash, name, reader.LineNumber);
                _nodes.Record(line[envelope.Node], seq, name, reader.LineNumber);
                if (report.RecordCount == 0)
                {
                    report.FirstHash = Hex(hash);
                }

                Time(line[envelope.Time]);
                _expectedSeq = seq + 1;
                hash.CopyTo(_expectedPrev);
                report.RecordCount++;
                report.LastSeq = seq;
            }
        }

        /// <summary>Keeps the first record's time and the latest one's (copied into a fixed buffer: no allocation per line).</summary>
        private void Time(ReadOnlySpan<byte> time)
        {
            if (report.RecordCount == 0)
            {
                report.FirstTime = Encoding.ASCII.GetString(time);
            }

            _lastTimeLength = Math.Min(time.Length, _lastTime.Length);
            time[.._lastTimeLength].CopyTo(_lastTime);
        }

        /// <summary>A file's first line against its name and against the end of the file before it.</summary>
        private void Boundary(string name, long namedSeq, long seq, ReadOnlySpan<byte> prev)
        {
            if (namedSeq > 0 && seq != namedSeq)
            {
                report.Problem(name + ": named for seq " + Number(namedSeq) + " but starts at seq " + Number(seq) + ": the file was renamed or replaced");
            }

            if (!_started)
            {
                _started = true;
                _startPrev = Hex(prev);
                _startFile = name;
                report.FirstSeq = seq;
                return;
            }

            if (_expectedSeq == 0)
            {
                // The file before broke off: nothing to compare this start with.
                return;
            }

            var end = _expectedSeq - 1;
            if (seq > _expectedSeq)
            {
                report.Problem(name + ": seq jumps from " + Number(end) + " at the end of " + _lastFile + " to " + Number(seq)
                    + ": the rotated file holding seq " + Number(_expectedSeq) + "–" + Number(seq - 1) + " ("
                    + Path.GetFileName(AuditJournalFiles.RotatedPath(active, _expectedSeq)) + ") is missing — deleted");
            }
            else if (seq < _expectedSeq)
            {
                report.Problem(name + ": starts at seq " + Number(seq) + " but " + _lastFile + " already reached seq " + Number(end)
                    + ": the files overlap (a file was copied in or replaced)");
            }
            else if (!prev.SequenceEqual(_expectedPrev))
            {
                report.Problem(name + ": does not chain to " + _lastFile + " (its first line's prev is not the last hash of " + _lastFile
                    + "): one of the two files was replaced");
            }
        }

        private void Record(ReadOnlySpan<byte> line, long seq, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> hash, string name, long lineNumber)
        {
            if (checkpointFile.TryGetValue(seq, out var copy))
            {
                _matched.Add(seq);
                if (!string.Equals(copy.Hash, Hex(hash), StringComparison.Ordinal))
                {
                    report.Problem(At(name, lineNumber) + "the record at seq " + Number(seq) + " is not the checkpoint the checkpoint file holds (written "
                        + copy.Time + "): the journal was rewritten at or before seq " + Number(seq) + " (a replaced file or a re-chained tail)");
                }
            }

            if (AuditCheckpointLine.IsCheckpoint(line))
            {
                Checkpoint(line, seq, prev, name, lineNumber);
            }
            else if (line.IndexOf(",\"type\":\"audit.retention\","u8) >= 0)
            {
                Retention(line, seq, name, lineNumber);
            }
        }

        private void Checkpoint(ReadOnlySpan<byte> line, long seq, ReadOnlySpan<byte> prev, string name, long lineNumber)
        {
            if (AuditCheckpointLine.TryParse(line) is not { } checkpoint)
            {
                report.Problem(At(name, lineNumber) + "the checkpoint at seq " + Number(seq) + " is missing fields (forged)");
                return;
            }

            if (checkpoint.HeadSeq != seq - 1 || !string.Equals(checkpoint.HeadHash, Hex(prev), StringComparison.Ordinal))
            {
                report.Problem(At(name, lineNumber) + "the checkpoint at seq " + Number(seq) + " does not vouch for the line before it: records before it were rewritten, or it was moved");
            }

            if (key is not null && checkpoint.CheckMac(key) is { } macProblem)
            {
                report.Problem(At(name, lineNumber) + "checkpoint at seq " + Number(seq) + ": " + macProblem);
            }

            _lastCheckpoint = seq;
            report.CheckpointCount++;
        }

        private void Retention(ReadOnlySpan<byte> line, long seq, string name, long lineNumber)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                _retention = (seq, root.GetProperty("first_seq").GetInt64(), root.GetProperty("first_prev").GetString() ?? string.Empty);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                report.Problem(At(name, lineNumber) + "the retention record at seq " + Number(seq) + " is missing fields (forged)");
            }
        }

        /// <summary>Where the history starts, what the checkpoint file vouches for beyond the end, and the notes.</summary>
        public void Finish(string checkpointPath)
        {
            report.LastTime = report.RecordCount > 0 ? Encoding.ASCII.GetString(_lastTime, 0, _lastTimeLength) : null;
            _nodes.Finish();
            var start = report.FirstSeq;
            if (_started && !(start == 1 && _startPrev == ZeroHash))
            {
                if (_retention is not { } retention)
                {
                    report.Problem(_startFile + ": the journal starts at seq " + Number(start) + ", but no audit.retention record accounts for seq 1–"
                        + Number(start - 1) + ": rotated files were deleted outside retention (or the oldest file was replaced)");
                }
                else if (retention.FirstSeq < start)
                {
                    report.Problem(_startFile + ": retention (record seq " + Number(retention.Seq) + ") kept history from seq " + Number(retention.FirstSeq)
                        + ", but the journal starts at seq " + Number(start) + ": files holding seq " + Number(retention.FirstSeq) + "–" + Number(start - 1) + " were deleted outside retention");
                }
                else if (retention.FirstSeq == start && !string.Equals(retention.FirstPrev, _startPrev, StringComparison.Ordinal))
                {
                    report.Problem(_startFile + ": its first line's prev is not the one retention recorded (record seq " + Number(retention.Seq) + "): the oldest kept file was replaced");
                }
                else
                {
                    report.Note("history before seq " + Number(start) + " was deleted by retention (recorded at seq " + Number(retention.Seq) + ")");
                }
            }

            var beyond = checkpointFile.Keys.Where(seq => seq > report.LastSeq && !_matched.Contains(seq)).DefaultIfEmpty(0).Max();
            if (beyond > 0)
            {
                var checkpoint = checkpointFile[beyond];
                report.Problem(_lastFile + ": the journal ends at seq " + Number(report.LastSeq) + ", but " + Path.GetFileName(checkpointPath)
                    + " holds a checkpoint at seq " + Number(beyond) + " (written " + checkpoint.Time + ", file " + checkpoint.File
                    + "): records " + Number(report.LastSeq + 1) + "–" + Number(beyond) + " were cut off (truncated tail or deleted newest file)");
            }

            if (report.LastSeq > _lastCheckpoint && checkpointFile.Count + _lastCheckpoint > 0)
            {
                report.Note(Number(report.LastSeq - _lastCheckpoint) + " records after the last checkpoint (seq " + Number(_lastCheckpoint)
                    + ") are not covered by a checkpoint yet (a cut there is only visible against Seq)");
            }

            if (!report.SignaturesChecked)
            {
                report.Note("checkpoint signatures were NOT checked (no key): give --checkpoint-key env:NAME or file:PATH, or set Audit:CheckpointKey");
            }
        }
    }
}
