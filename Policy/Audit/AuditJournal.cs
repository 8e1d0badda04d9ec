using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The durable, hash-chained audit journal: a JSON-lines file in the format defined by
/// <see cref="AuditChain"/>. One writer loop owns the file; callers queue records and wait.
/// </summary>
/// <remarks>
/// <para><b>Delivery guarantee.</b> <see cref="AppendAsync"/> returns true only after the record's
/// line was written and <c>Flush(flushToDisk: true)</c> returned (group commit: one fsync per
/// batch of queued records). It returns false — never throws — when the journal could not be
/// opened, a write or fsync failed, the journal is closed, or the caller's token was cancelled
/// while waiting (the record may then still land; false only ever makes the caller deny).
/// <see cref="AppendPairWithReceiptsAsync"/> queues two records as one append: adjacent lines of
/// the same batch, both written or neither (the gate's decision and its session start cost one
/// wait and share an fsync instead of waiting for two in a row).</para>
/// <para><b>Fail closed.</b> An existing journal whose last line is cut short or does not check
/// out is not appended to: the chain would fork silently. The journal then stays unavailable,
/// every append returns false and the gate denies with 503 until an operator runs
/// <c>verify-audit</c> and moves the damaged file aside. A failed batch is cut back off the file
/// (so the chain on disk stays whole) and its callers get false; if even that fails the journal
/// stops accepting records.</para>
/// <para>Ordering is <c>seq</c> order, which is the order the loop dequeued the records. Only one
/// process may write a journal: an exclusive lock on <c>&lt;path&gt;.lock</c> is held while open.</para>
/// </remarks>
internal sealed partial class AuditJournal : IAsyncDisposable
{
    private const int QueueCapacity = 8192;
    private const int MaxBatch = 512;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    private readonly ILogger _logger;
    private readonly Channel<PendingAuditAppend> _queue = Channel.CreateBounded<PendingAuditAppend>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly ArrayBufferWriter<byte> _batch = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _pair = new(2048);
    private readonly Utf8JsonWriter _json;
    private readonly AuditJsonFieldWriter _fields;
    private readonly byte[] _prev = new byte[AuditChain.HashSize];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly FileStream? _file;
    private readonly FileStream? _lock;
    private readonly Task _loop = Task.CompletedTask;
    private long _seq;
    private long _committedLength;
    private volatile string? _problem;
    private int _disposed;

    /// <summary>Opens the journal named by <c>Audit:JournalPath</c>.</summary>
    public AuditJournal(IOptions<AuditOptions> options, ILogger<AuditJournal> logger)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.JournalPath, logger)
    {
    }

    /// <summary>
    /// Opens (or creates) the journal at <paramref name="path"/> and continues its chain. Never
    /// throws for I/O reasons: a journal that cannot be opened is <see cref="IsAvailable"/> false.
    /// </summary>
    public AuditJournal(string path, ILogger<AuditJournal>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _logger = logger ?? NullLogger<AuditJournal>.Instance;
        Path = path;
        _json = new Utf8JsonWriter(_line, JsonOptions);
        _fields = new AuditJsonFieldWriter(_json);
        try
        {
            var full = System.IO.Path.GetFullPath(path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            _lock = new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            if (!TryContinueChain(_file, out var problem))
            {
                _problem = "the journal's last line " + problem;
                Log.TailCorrupt(_logger, path, problem);
                Close();
                return;
            }

            _committedLength = _file.Seek(0, SeekOrigin.End);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _problem = "the journal cannot be opened (" + ex.GetType().Name + ")";
            Log.OpenFailed(_logger, path, ex);
            Close();
            return;
        }

        Log.Opened(_logger, path, _seq + 1);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The configured path.</summary>
    public string Path { get; }

    /// <summary>False when appends cannot succeed (not opened, damaged tail, failed disk, closed).</summary>
    public bool IsAvailable => _problem is null && Volatile.Read(ref _disposed) == 0;

    /// <summary>Why the journal is unavailable, for health checks; null while it is available.</summary>
    public string? Problem => _problem ?? (Volatile.Read(ref _disposed) != 0 ? "the journal is closed" : null);

    /// <summary>
    /// Appends <paramref name="record"/> and waits until it is on disk. True only then; false when
    /// it is not (see the type's remarks). Thread-safe.
    /// </summary>
    public async ValueTask<bool> AppendAsync(AuditRecord record, CancellationToken cancellationToken) =>
        (await AppendWithReceiptAsync(record, cancellationToken)).Written;

    /// <summary>As <see cref="AppendAsync"/>, also returning the record's seq and hash.</summary>
    internal async ValueTask<AuditReceipt> AppendWithReceiptAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (await EnqueueAsync(record, null, cancellationToken)).First;
    }

    /// <summary>
    /// Appends <paramref name="first"/> and <paramref name="second"/> as two adjacent lines of one
    /// batch (one fsync, one wait) and waits until both are on disk. Both receipts are written, or
    /// neither is: the second line is never on disk without the first, nor the first without the
    /// second. Otherwise as <see cref="AppendWithReceiptAsync"/>, except for cancellation:
    /// <paramref name="cancellationToken"/> can only stop the pair from being queued (cancelled
    /// already, or while waiting for room in a full queue); once queued, the answer is the
    /// journal's real outcome, so "not written" always means "neither line is on disk". (The gate
    /// relies on that: a session whose start record landed must get its end record.)
    /// </summary>
    internal ValueTask<AuditReceipts> AppendPairWithReceiptsAsync(AuditRecord first, AuditRecord second, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return EnqueueAsync(first, second, cancellationToken);
    }

    private async ValueTask<AuditReceipts> EnqueueAsync(AuditRecord record, AuditRecord? follower, CancellationToken cancellationToken)
    {
        if (_problem is not null || (follower is not null && cancellationToken.IsCancellationRequested))
        {
            return AuditReceipts.NotWritten;
        }

        var pending = new PendingAuditAppend(record, follower, new TaskCompletionSource<AuditReceipts>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            if (!_queue.Writer.TryWrite(pending))
            {
                await _queue.Writer.WriteAsync(pending, cancellationToken);
            }

            // A queued append is always completed by the writer loop (written, refused, or failed
            // with the journal), also when the journal is disposed: a pair waits for that outcome.
            return follower is null
                ? await pending.Completion.Task.WaitAsync(cancellationToken)
                : await pending.Completion.Task;
        }
        catch (OperationCanceledException)
        {
            return AuditReceipts.NotWritten;
        }
        catch (ChannelClosedException)
        {
            return AuditReceipts.NotWritten;
        }
    }

    /// <summary>Writes what is queued, then closes the file. Later appends return false.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop;
        Close();
        Log.Closed(_logger, Path, _seq);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAuditAppend>(MaxBatch);
        var receipts = new AuditReceipts[MaxBatch];
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                WriteBatch(batch, receipts);
            }
#pragma warning disable CA1031 // Whatever fails, every queued append must still get its answer (pairs wait for it).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Unexpected: the chain state is no longer known, so the journal stops (fail closed).
                Array.Fill(receipts, AuditReceipts.NotWritten, 0, batch.Count);
                _problem = "the journal writer failed (" + ex.GetType().Name + ")";
                Log.WriterFailed(_logger, Path, ex);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(receipts[i]);
            }

            batch.Clear();
        }
    }
}
