using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureStream.Policy.Audit;

/// <summary>The writer loop's side of <see cref="AuditJournal"/>: serialising, chaining and committing batches.</summary>
internal sealed partial class AuditJournal
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// Serialises the batch, writes it with one call and fsyncs once. On a failed write the file is
    /// cut back to the last committed length and the chain state restored, so no caller is told
    /// "written" for a line that is not on disk and no half line stays in the chain.
    /// </summary>
    private void WriteBatch(List<PendingAuditAppend> batch, AuditReceipts[] receipts)
    {
        Array.Fill(receipts, AuditReceipts.NotWritten, 0, batch.Count);
        if (_file is null || _problem is not null)
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

        try
        {
            _file.Write(_batch.WrittenSpan);
            _file.Flush(flushToDisk: true);
            _committedLength += _batch.WrittenCount;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            Array.Fill(receipts, AuditReceipts.NotWritten, 0, batch.Count);
            _seq = startSeq;
            startPrev.CopyTo(_prev);
            Log.WriteFailed(_logger, Path, batch.Count, ex);
            RollBack();
        }
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

    private void RollBack()
    {
        try
        {
            _file!.SetLength(_committedLength);
            _file.Seek(_committedLength, SeekOrigin.Begin);
            _file.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            // The file may now end in a partial line; appending after it would fork the chain.
            _problem = "a failed write could not be cut back off the journal";
            Log.Faulted(_logger, Path, ex);
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
        if (!record.Time.UtcDateTime.TryFormat(time, out var timeLength, TimeFormat, CultureInfo.InvariantCulture))
        {
            throw new FormatException("audit time could not be formatted");
        }

        _json.WriteString("time"u8, time[..timeLength]);
        _json.WriteString("type"u8, record.EventType);
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
        Span<byte> hashHex = stackalloc byte[AuditChain.HexLength];
        AuditChain.WriteHex(hash, hashHex);
        return new AuditReceipt(true, _seq, Encoding.ASCII.GetString(hashHex));
    }

    /// <summary>
    /// Reads the last line of an existing journal and continues from its seq and hash. The line
    /// must be complete (end in LF) and check out on its own (<see cref="AuditChain.TryReadLine"/>).
    /// </summary>
    private bool TryContinueChain(FileStream file, out string problem)
    {
        var length = file.Length;
        if (length == 0)
        {
            problem = string.Empty;
            return true;
        }

        var window = (int)Math.Min(length, AuditLimits.MaxLineBytes);
        var buffer = new byte[window];
        file.Seek(length - window, SeekOrigin.Begin);
        file.ReadExactly(buffer);
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

        Span<byte> prev = stackalloc byte[AuditChain.HashSize];
        Span<byte> hash = stackalloc byte[AuditChain.HashSize];
        if (!AuditChain.TryReadLine(content[start..], out var seq, prev, hash, out problem))
        {
            return false;
        }

        _seq = seq;
        hash.CopyTo(_prev);
        return true;
    }

    private void Close()
    {
        _json.Dispose();
        _sha256.Dispose();
        _file?.Dispose();
        _lock?.Dispose();
    }
}
