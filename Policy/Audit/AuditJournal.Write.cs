using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureStream.Policy.Audit;

/// <summary>The writer loop's side of <see cref="AuditJournal"/>: serialising, chaining and committing batches.</summary>
internal sealed partial class AuditJournal
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // The round-trip format writes a UTC DateTime exactly as TimeFormat does (seven fraction digits,
    // 'Z'), through the runtime's fast path instead of interpreting a custom pattern per line.
    private const string RoundTripUtc = "O";

    private volatile bool _writeFailing;
    private bool _repairPending;

    /// <summary>The envelope's <c>time</c> text of a record written at <paramref name="time"/>.</summary>
    internal static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Serialises the batch, writes it with one call and fsyncs once. On a failed write the file is
    /// cut back to the last committed length and the chain state restored, so no caller is told
    /// "written" for a line that is not on disk and no half line stays in the chain.
    /// </summary>
    private void WriteBatch(List<PendingAuditAppend> batch, AuditReceipts[] receipts)
    {
        Array.Fill(receipts, AuditReceipts.NotWritten, 0, batch.Count);
        if (!EnsureWritable())
        {
            return;
        }

        var startSeq = _seq;
        Span<byte> startPrev = stackalloc byte[AuditChain.HashSize];
        _prev.CopyTo(startPrev);
        _batch.ResetWrittenCount();
        var written = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            try
            {
                receipts[i] = pending.Follower is { } follower
                    ? AppendPair(pending.Record, follower)
                    : new AuditReceipts(AppendLine(pending.Record, _batch), AuditReceipt.NotWritten);
                written++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                // A record that cannot be serialised is refused alone (with its pair partner); the
                // chain state only advances after a whole append is complete, so the others are
                // unaffected.
                Log.RecordRefused(_logger, pending.Record.EventType, ex);
            }
        }

        if (written == 0)
        {
            return;
        }

        if (!Commit(startSeq, startPrev, batch.Count))
        {
            Array.Fill(receipts, AuditReceipts.NotWritten, 0, batch.Count);
            return;
        }

        _uncheckpointed = true;
        if (_committedLength >= _options.RotateBytes)
        {
            _maintenanceDue = true;
        }
    }

    /// <summary>
    /// Writes <see cref="_batch"/> and fsyncs. On failure restores the chain state to
    /// <paramref name="startSeq"/>/<paramref name="startPrev"/> and cuts the file back.
    /// </summary>
    private bool Commit(long startSeq, ReadOnlySpan<byte> startPrev, int recordCount)
    {
        try
        {
            if (_committedLength == 0)
            {
                _fileStartedAt = _time.GetUtcNow();
            }

            var started = _time.GetTimestamp();
            _file!.Write(_batch.WrittenSpan);
            _file.Flush(flushToDisk: true);
            _metrics?.Committed((int)(_seq - startSeq), _batch.WrittenCount, _time.GetElapsedTime(started).TotalSeconds);
            _committedLength += _batch.WrittenCount;
            if (_writeFailing)
            {
                // Space is back: measure it now, so health stops reporting the full disk at once.
                _writeFailing = false;
                _diskCheckDue = true;
                _maintenanceDue = true;
                Log.WritesRecovered(_logger, Path, _seq);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            _seq = startSeq;
            startPrev.CopyTo(_prev);
            if (!_writeFailing)
            {
                // Logged once per failure spell, not per batch: a full disk under load must not
                // turn into a log flood. Recovery is logged (2604).
                _writeFailing = true;
                Log.WriteFailed(_logger, Path, recordCount, ex);
            }

            _maintenanceDue = true;
            _diskCheckDue = true;
            RollBack();
            return false;
        }
    }

    /// <summary>
    /// Writes one record of the journal's own (checkpoint, retention, disk warning) as the next
    /// line and hands it to <see cref="OwnRecordWritten"/>. The line stays in <see cref="_batch"/>
    /// until the next write, so the caller may copy it (the checkpoint file does).
    /// </summary>
    private AuditReceipt WriteOwn(AuditRecord record)
    {
        if (!EnsureWritable())
        {
            return AuditReceipt.NotWritten;
        }

        var startSeq = _seq;
        Span<byte> startPrev = stackalloc byte[AuditChain.HashSize];
        _prev.CopyTo(startPrev);
        _batch.ResetWrittenCount();
        AuditReceipt receipt;
        try
        {
            receipt = AppendLine(record, _batch);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            _seq = startSeq;
            startPrev.CopyTo(_prev);
            Log.RecordRefused(_logger, record.EventType, ex);
            return AuditReceipt.NotWritten;
        }

        if (!Commit(startSeq, startPrev, 1))
        {
            return AuditReceipt.NotWritten;
        }

        OwnRecordWritten?.Invoke(record, receipt);
        return receipt;
    }

    /// <summary>
    /// Serialises two records as the next two lines, into a side buffer first: only when both
    /// lines are complete do they join the batch, so a pair is never cut in half. A failure
    /// restores the chain state to before the pair and throws.
    /// </summary>
    private AuditReceipts AppendPair(AuditRecord first, AuditRecord second)
    {
        var startSeq = _seq;
        Span<byte> startPrev = stackalloc byte[AuditChain.HashSize];
        _prev.CopyTo(startPrev);
        _pair.ResetWrittenCount();
        try
        {
            var receipts = new AuditReceipts(AppendLine(first, _pair), AppendLine(second, _pair));
            _batch.Write(_pair.WrittenSpan);
            return receipts;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            _seq = startSeq;
            startPrev.CopyTo(_prev);
            throw;
        }
    }

    /// <summary>
    /// Cuts the active file back to the last committed length. If that fails the file may end in
    /// a partial line, and appending after it would fork the chain: nothing is written until a
    /// later attempt (before each write and on each maintenance tick) succeeds.
    /// </summary>
    private void RollBack()
    {
        try
        {
            _file!.SetLength(_committedLength);
            _file.Seek(_committedLength, SeekOrigin.Begin);
            _file.Flush(flushToDisk: true);
            _repairPending = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            if (!_repairPending)
            {
                _repairPending = true;
                Log.Faulted(_logger, Path, ex);
            }
        }
    }

    /// <summary>Serialises one record as the next line of the chain into <paramref name="destination"/>.</summary>
    private AuditReceipt AppendLine(AuditRecord record, ArrayBufferWriter<byte> destination)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        _json.WriteStartObject();
        _json.WriteNumber("seq"u8, _seq + 1);
        Span<char> time = stackalloc char[40];
        if (!record.Time.UtcDateTime.TryFormat(time, out var timeLength, RoundTripUtc, CultureInfo.InvariantCulture))
        {
            throw new FormatException("audit time could not be formatted");
        }

        _json.WriteString("time"u8, time[..timeLength]);
        _json.WriteString("type"u8, record.EventType);
        if (_nodeText is { } node)
        {
            _json.WriteString("node"u8, node);
        }

        if (record.TraceId is { } traceId)
        {
            _json.WriteString("trace_id"u8, AuditText.Bound(traceId, AuditLimits.MaxValueLength));
        }

        record.WriteFields(_fields);
        Span<byte> prevHex = stackalloc byte[AuditChain.HexLength];
        AuditChain.WriteHex(_prev, prevHex);
        _json.WriteString("prev"u8, prevHex);
        _json.Flush();

        var body = _line.WrittenSpan;
        var lineLength = body.Length + AuditChain.TailLength + 1;
        if (lineLength > AuditLimits.MaxLineBytes)
        {
            throw new InvalidOperationException("audit line longer than AuditLimits.MaxLineBytes");
        }

        Span<byte> hash = stackalloc byte[AuditChain.HashSize];
        AuditChain.ComputeHash(_sha256, _prev, body, hash);
        var line = destination.GetSpan(lineLength);
        body.CopyTo(line);
        AuditChain.WriteTail(hash, line[body.Length..]);
        line[lineLength - 1] = (byte)'\n';
        destination.Advance(lineLength);

        _seq++;
        hash.CopyTo(_prev);
        return new AuditReceipt(true, _seq, HexOf(hash));
    }

    private static string HexOf(ReadOnlySpan<byte> hash)
    {
        Span<byte> hex = stackalloc byte[AuditChain.HexLength];
        AuditChain.WriteHex(hash, hex);
        return Encoding.ASCII.GetString(hex);
    }

    private void Close()
    {
        _json.Dispose();
        _sha256.Dispose();
        _file?.Dispose();
        _checkpoints?.Dispose();
        _lock?.Dispose();
    }
}
