namespace SecureStream.Policy.Audit;

/// <summary>The files of <see cref="AuditJournal"/>: opening, rotation, retention and the checkpoint file.</summary>
internal sealed partial class AuditJournal
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private long _fileFirstSeq = 1;
    private DateTimeOffset _fileStartedAt;
    private FileStream? _checkpoints;
    private long _checkpointsLength;

    /// <summary>File options that create the file readable and writable by the owner only (0600).</summary>
    private static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return options;
    }

    /// <summary>Creates the journal's directory, owner-only (0700), when it does not exist; an existing one is left as the operator made it.</summary>
    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

    /// <summary>
    /// Opens the active file and continues the chain from its last line — or, when it is empty or
    /// missing, from the newest rotated file's last line (a rotation renamed the file; the new one
    /// may not have been written yet). False, with a constant problem, when that last line is
    /// cut short or does not check out; false with <paramref name="foreignNode"/> set when it was
    /// written by another node than this journal's (a journal holds one node's records, so another
    /// front door's journal, or a changed <c>Cluster:NodeId</c>, is not continued). I/O failures throw.
    /// </summary>
    private bool TryOpenActive(out string problem, out string? foreignNode)
    {
        foreignNode = null;
        _file = _storage.OpenFile(_fullPath, OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
        if (!AuditJournalFiles.TryReadLastLine(_file, out var last, out problem))
        {
            return false;
        }

        Span<byte> prev = stackalloc byte[AuditChain.HashSize];
        Span<byte> hash = stackalloc byte[AuditChain.HashSize];
        _fileStartedAt = _time.GetUtcNow();
        if (last is null)
        {
            var rotated = AuditJournalFiles.ListRotated(_fullPath);
            if (rotated.Count > 0)
            {
                using var newest = OpenForReading(rotated[^1].Path);
                if (!AuditJournalFiles.TryReadLastLine(newest, out last, out problem))
                {
                    problem = "(of the newest rotated file) " + problem;
                    return false;
                }
            }
        }
        else
        {
            var first = AuditJournalFiles.ReadFirstLine(_file);
            if (first is not null && AuditChain.TryReadLine(first, out var firstSeq, prev, hash, out _))
            {
                _fileFirstSeq = firstSeq;
                if (AuditJournalFiles.TryReadTime(first, out var firstTime))
                {
                    _fileStartedAt = firstTime;
                }
            }
        }

        if (last is not null)
        {
            if (!AuditChain.TryReadLine(last, out var seq, prev, hash, out var envelope, out problem))
            {
                return false;
            }

            // A last line without a node was written before node ids: any node may continue it.
            if (envelope.HasNode && (_nodeText is not { } own || !last.AsSpan(envelope.Node).SequenceEqual(own.EncodedUtf8Bytes)))
            {
                // Bounded: the file's text ends up in logs and health answers.
                foreignNode = AuditText.Bound(System.Text.Encoding.ASCII.GetString(last.AsSpan(envelope.Node)), AuditLimits.MaxNodeLength);
                problem = "the journal's records were written by node " + foreignNode + ", not by this node (" + (Node ?? "none")
                    + "): move the journal aside, or set Cluster:NodeId to " + foreignNode;
                return false;
            }

            _seq = seq;
            hash.CopyTo(_prev);
        }

        if (_file.Length == 0)
        {
            _fileFirstSeq = _seq + 1;
        }

        _committedLength = _file.Seek(0, SeekOrigin.End);
        return true;
    }

    /// <summary>
    /// Before any write: reopens the active file if a rotation could not, and retries a failed cut.
    /// False while either still fails or the journal is unavailable for good.
    /// </summary>
    private bool EnsureWritable()
    {
        if (_problem is not null)
        {
            return false;
        }

        if (_file is null && !TryReopenActive(_committedLength))
        {
            return false;
        }

        if (_repairPending)
        {
            RollBack();
        }

        return !_repairPending;
    }

    /// <summary>
    /// Opens the active file for appending where the writer left it. A file whose length is not
    /// what the writer committed was changed by someone else: the journal stops (fail closed).
    /// </summary>
    private bool TryReopenActive(long expectedLength)
    {
        try
        {
            var file = _storage.OpenFile(_fullPath, OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
            if (file.Length != expectedLength)
            {
                file.Dispose();
                _problem = "the active journal file was changed by another process";
                Log.ChangedUnderWriter(_logger, Path);
                return false;
            }

            file.Seek(0, SeekOrigin.End);
            _file = file;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _writeFailing = true;
            _maintenanceDue = true;
            Log.ReopenFailed(_logger, Path, ex);
            return false;
        }
    }

    /// <summary>
    /// Ends the active file with a rotation checkpoint, renames it after its first seq and starts
    /// a new active file whose first line will chain to the last one. A failed checkpoint leaves
    /// everything as it was (tried again later); a failed rename keeps appending to the same file.
    /// </summary>
    private void Rotate()
    {
        if (!CheckpointIfDue("rotation", force: true))
        {
            return;
        }

        var rotated = AuditJournalFiles.RotatedPath(_fullPath, _fileFirstSeq);
        _file!.Dispose();
        _file = null;
        try
        {
            File.Move(_fullPath, rotated, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.RotateFailed(_logger, Path, ex);
            TryReopenActive(_committedLength);
            return;
        }

        Log.Rotated(_logger, Path, rotated, _seq);
        _fileFirstSeq = _seq + 1;
        _committedLength = 0;
        _fileStartedAt = _time.GetUtcNow();
        _retentionDue = true;
        TryReopenActive(0);
    }

    /// <summary>
    /// Deletes the oldest rotated files while a retention rule is exceeded. The deletion is first
    /// recorded in the chain (<see cref="AuditRetentionRecord"/>: the first kept seq and its prev),
    /// and nothing is deleted when that record cannot be written.
    /// </summary>
    private void ApplyRetention(DateTimeOffset now)
    {
        _retentionDue = false;
        var retention = _options.Retention ?? new AuditRetentionOptions();
        var files = AuditJournalFiles.ListRotated(_fullPath);
        var total = _committedLength;
        foreach (var file in files)
        {
            total += file.Length;
        }

        var delete = 0;
        var deletedBytes = 0L;
        string? rule = null;
        while (delete < files.Count)
        {
            var reason = retention.MaxFiles > 0 && files.Count - delete > retention.MaxFiles ? "max_files"
                : retention.MaxTotalBytes > 0 && total > retention.MaxTotalBytes ? "max_total_bytes"
                : retention.MaxAge > TimeSpan.Zero && NewestRecordBefore(files[delete].Path, now - retention.MaxAge) ? "max_age"
                : null;
            if (reason is null)
            {
                break;
            }

            rule ??= reason;
            total -= files[delete].Length;
            deletedBytes += files[delete].Length;
            delete++;
        }

        if (rule is null || !TryFindKeptStart(delete < files.Count ? files[delete].Path : null, out var firstSeq, out var firstPrev))
        {
            return;
        }

        var record = new AuditRetentionRecord
        {
            Time = now,
            Rule = rule,
            FirstSeq = firstSeq,
            FirstPrev = firstPrev,
            DeletedFiles = delete,
            DeletedBytes = deletedBytes,
        };
        if (!WriteOwn(record).Written)
        {
            _retentionDue = true;
            return;
        }

        for (var i = 0; i < delete; i++)
        {
            try
            {
                File.Delete(files[i].Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.RetentionDeleteFailed(_logger, files[i].Path, ex);
            }
        }

        Log.RetentionApplied(_logger, Path, delete, deletedBytes, rule, firstSeq);
        PruneCheckpointFile(firstSeq);
    }

    /// <summary>Where the kept history starts: the first line of <paramref name="path"/>, else of the active file, else the line about to be written.</summary>
    private bool TryFindKeptStart(string? path, out long firstSeq, out string firstPrev)
    {
        firstSeq = _seq + 1;
        firstPrev = HexOf(_prev);
        if (path is null && _committedLength == 0)
        {
            return true;
        }

        try
        {
            using var stream = OpenForReading(path ?? _fullPath);
            var first = AuditJournalFiles.ReadFirstLine(stream);
            Span<byte> prev = stackalloc byte[AuditChain.HashSize];
            Span<byte> hash = stackalloc byte[AuditChain.HashSize];
            if (first is null || !AuditChain.TryReadLine(first, out firstSeq, prev, hash, out _))
            {
                // Never delete around a file whose start cannot be read: the record would lie.
                Log.RetentionSkipped(_logger, path ?? _fullPath);
                return false;
            }

            firstPrev = HexOf(prev);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.RetentionSkipped(_logger, path ?? _fullPath);
            return false;
        }
    }

    private static bool NewestRecordBefore(string path, DateTimeOffset cutoff)
    {
        try
        {
            using var stream = OpenForReading(path);
            return AuditJournalFiles.TryReadLastLine(stream, out var last, out _) && last is not null
                && AuditJournalFiles.TryReadTime(last, out var time) && time < cutoff;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens the checkpoint file for appending. A last line left unterminated by a crash is cut
    /// off (it was never acknowledged). Failure only costs the local copy of checkpoints.
    /// </summary>
    private void OpenCheckpointFile()
    {
        if (_key is null)
        {
            return;
        }

        var path = AuditJournalFiles.CheckpointPath(_fullPath);
        try
        {
            var file = _storage.OpenFile(path, OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
            var length = file.Length;
            if (length > 0)
            {
                var window = (int)Math.Min(length, AuditLimits.MaxLineBytes);
                var tail = new byte[window];
                file.Seek(length - window, SeekOrigin.Begin);
                file.ReadExactly(tail);
                if (tail[^1] != (byte)'\n')
                {
                    length = length - window + tail.AsSpan().LastIndexOf((byte)'\n') + 1;
                    file.SetLength(length);
                }
            }

            file.Seek(length, SeekOrigin.Begin);
            _checkpoints = file;
            _checkpointsLength = length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CheckpointFileFailed(_logger, path, ex);
        }
    }

    /// <summary>Appends a checkpoint line (as written in the journal) to the checkpoint file and fsyncs.</summary>
    private void AppendToCheckpointFile(ReadOnlySpan<byte> line)
    {
        if (_checkpoints is null)
        {
            OpenCheckpointFile();
            if (_checkpoints is null)
            {
                return;
            }
        }

        try
        {
            _checkpoints.Write(line);
            _checkpoints.Flush(flushToDisk: true);
            _checkpointsLength += line.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CheckpointFileFailed(_logger, AuditJournalFiles.CheckpointPath(_fullPath), ex);
            try
            {
                _checkpoints.SetLength(_checkpointsLength);
                _checkpoints.Seek(_checkpointsLength, SeekOrigin.Begin);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                // Reopening cuts a partial last line off.
                _checkpoints.Dispose();
                _checkpoints = null;
            }
        }
    }

    /// <summary>
    /// Drops the checkpoints of history that retention deleted (their seq is below
    /// <paramref name="firstSeq"/>), so the checkpoint file stays bounded with the journal. Written
    /// to a temporary file and renamed over, so a crash leaves the old or the new file, whole.
    /// </summary>
    private void PruneCheckpointFile(long firstSeq)
    {
        if (_checkpoints is null)
        {
            return;
        }

        var path = AuditJournalFiles.CheckpointPath(_fullPath);
        var temporary = path + ".tmp";
        try
        {
            var kept = new List<byte[]>();
            _checkpoints.Seek(0, SeekOrigin.Begin);
            var content = new byte[_checkpointsLength];
            _checkpoints.ReadExactly(content);
            Span<byte> prev = stackalloc byte[AuditChain.HashSize];
            Span<byte> hash = stackalloc byte[AuditChain.HashSize];
            var rest = content.AsSpan();
            while (rest.IndexOf((byte)'\n') is var newline and >= 0)
            {
                var line = rest[..(newline + 1)];
                rest = rest[(newline + 1)..];
                if (!AuditChain.TryReadLine(line[..^1], out var seq, prev, hash, out _) || seq >= firstSeq)
                {
                    // Damaged lines are kept: they are verify-audit's to report.
                    kept.Add(line.ToArray());
                }
            }

            using (var file = _storage.OpenFile(temporary, OwnerOnly(FileMode.Create, FileAccess.Write, FileShare.None)))
            {
                foreach (var line in kept)
                {
                    file.Write(line);
                }

                file.Flush(flushToDisk: true);
            }

            _checkpoints.Dispose();
            _checkpoints = null;
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CheckpointFileFailed(_logger, path, ex);
        }

        _checkpoints?.Seek(_checkpointsLength, SeekOrigin.Begin);
        if (_checkpoints is null)
        {
            OpenCheckpointFile();
        }
    }
}
