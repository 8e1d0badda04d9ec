using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The durable, hash-chained audit journal: JSON-lines files in the format defined by
/// <see cref="AuditChain"/>, rotated, retained and checkpointed (docs/audit.md). One writer loop
/// owns the files; callers queue records and wait.
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
/// <c>verify-audit</c> and moves the damaged file aside. A failed batch (a full disk) is cut back
/// off the file, so the chain on disk stays whole, and its callers get false; the next batch is
/// tried again, so the journal recovers by itself once space is back. If even the cut fails, it
/// is retried before every later write and nothing is written until it succeeds.</para>
/// <para><b>Lifecycle.</b> The active file is rotated by size and time, the chain continuing
/// across files; rotated files are deleted by retention, which is recorded in the chain; signed
/// checkpoints (<see cref="AuditCheckpointRecord"/>) are written on a schedule, at rotation and
/// at shutdown, also to the checkpoint file; free disk space is watched. Records the journal
/// writes itself are handed to <see cref="OwnRecordWritten"/> (the Serilog copy).</para>
/// <para>Ordering is <c>seq</c> order, which is the order the loop dequeued the records. Only one
/// process may write a journal: an exclusive lock on <c>&lt;path&gt;.lock</c> is held while open.</para>
/// </remarks>
internal sealed partial class AuditJournal : IAsyncDisposable
{
    private const int QueueCapacity = 8192;
    private const int MaxBatch = 512;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    private static readonly PendingAuditAppend Tick = new(new MaintenanceTick { Time = default }, null, new TaskCompletionSource<AuditReceipts>());

    private static readonly AuditRecord ShutdownRequest = new MaintenanceTick { Time = default };

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
    private readonly AuditOptions _options;
    private readonly AuditCheckpointKey? _key;
    private readonly TimeProvider _time;
    private readonly AuditStorage _storage;
    private readonly JsonEncodedText? _nodeText;
    private readonly string _fullPath = string.Empty;
    private readonly FileStream? _lock;
    private readonly ITimer? _timer;
    private readonly Task _loop = Task.CompletedTask;
    private readonly AuditMetrics? _metrics;
    private FileStream? _file;
    private long _seq;
    private long _committedLength;
    private volatile string? _problem;
    private int _disposed;

    /// <summary>
    /// Opens the single-file journal at <paramref name="path"/>: no rotation, retention,
    /// checkpoints or disk watermarks (tests and tools that want one plain file).
    /// </summary>
    public AuditJournal(string path, ILogger<AuditJournal>? logger = null, string? node = null)
        : this(SingleFile(path), null, TimeProvider.System, logger, node: node)
    {
    }

    /// <summary>
    /// Opens (or creates) the journal named by <paramref name="options"/> and continues its chain.
    /// Never throws for I/O reasons: a journal that cannot be opened is <see cref="IsAvailable"/>
    /// false. Without <paramref name="checkpointKey"/> no checkpoints are written. Every line carries
    /// <paramref name="node"/>, the writing node's id (the front door passes its
    /// <c>Cluster:NodeId</c>; null writes lines without one, as before node ids); a journal whose
    /// last record names another node is not continued (<see cref="IsAvailable"/> false).
    /// Appends, failures, fsync times and the disk are recorded on <paramref name="metrics"/> when given.
    /// </summary>
    public AuditJournal(AuditOptions options, AuditCheckpointKey? checkpointKey, TimeProvider time, ILogger<AuditJournal>? logger, AuditStorage? storage = null, string? node = null, AuditMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (node is not null && (node.Length == 0 || node.Length > AuditLimits.MaxNodeLength))
        {
            throw new ArgumentException("a node id has 1 to " + AuditLimits.MaxNodeLength + " characters", nameof(node));
        }

        Node = node;
        _metrics = metrics;
        metrics?.Watch(this);
        _nodeText = node is null ? null : JsonEncodedText.Encode(node, JavaScriptEncoder.Default);
        _options = options;
        _key = checkpointKey;
        _time = time;
        _storage = storage ?? AuditStorage.Default;
        _logger = logger ?? NullLogger<AuditJournal>.Instance;
        Path = options.JournalPath;
        _json = new Utf8JsonWriter(_line, JsonOptions);
        _fields = new AuditJsonFieldWriter(_json);
        _lastCheckpointAt = time.GetUtcNow();
        try
        {
            _fullPath = System.IO.Path.GetFullPath(Path);
            CreateDirectory(AuditJournalFiles.DirectoryOf(_fullPath));
            _lock = _storage.OpenFile(_fullPath + ".lock", OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            if (!TryOpenActive(out var problem, out var foreignNode))
            {
                _problem = foreignNode is null ? "the journal's last line " + problem : problem;
                if (foreignNode is null)
                {
                    Log.TailCorrupt(_logger, Path, problem);
                }
                else
                {
                    Log.ForeignNode(_logger, Path, foreignNode, node ?? "(none)");
                }

                Close();
                return;
            }

            OpenCheckpointFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _problem = "the journal cannot be opened (" + ex.GetType().Name + ")";
            Log.OpenFailed(_logger, Path, ex);
            Close();
            return;
        }

        Log.Opened(_logger, Path, _seq + 1);
        var tick = TickPeriod(options);
        _timer = time.CreateTimer(static state => ((AuditJournal)state!)._queue.Writer.TryWrite(Tick), this, tick, tick);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The configured path of the active file.</summary>
    public string Path { get; }

    /// <summary>The node id every line carries (<c>node</c>); null when the journal writes none.</summary>
    public string? Node { get; }

    /// <summary>The key its checkpoints are signed with, for verifying them in process (the console's audit search); null when none are written.</summary>
    internal AuditCheckpointKey? CheckpointKey => _key;

    /// <summary>False when appends cannot succeed (not opened, damaged tail, closed).</summary>
    public bool IsAvailable => _problem is null && Volatile.Read(ref _disposed) == 0;

    /// <summary>Why the journal is unavailable for good, for health checks; null while it is available.</summary>
    public string? Problem => _problem ?? (Volatile.Read(ref _disposed) != 0 ? "the journal is closed" : null);

    /// <summary>
    /// Called on the writer loop for every record the journal writes itself (checkpoints,
    /// retention, disk warnings), with its receipt, so they reach Seq like every other record.
    /// Must not throw or block.
    /// </summary>
    public Action<AuditRecord, AuditReceipt>? OwnRecordWritten { get; set; }

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
        var records = follower is null ? 1 : 2;
        if (_problem is not null)
        {
            _metrics?.Failed(records);
            return AuditReceipts.NotWritten;
        }

        if (follower is not null && cancellationToken.IsCancellationRequested)
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
            var receipts = follower is null
                ? await pending.Completion.Task.WaitAsync(cancellationToken)
                : await pending.Completion.Task;
            if (!receipts.First.Written)
            {
                _metrics?.Failed(records);
            }

            return receipts;
        }
        catch (OperationCanceledException)
        {
            return AuditReceipts.NotWritten;
        }
        catch (ChannelClosedException)
        {
            _metrics?.Failed(records);
            return AuditReceipts.NotWritten;
        }
    }

    /// <summary>
    /// Writes the shutdown checkpoint while the host is stopping, when the Serilog copy can still
    /// be delivered (the container disposes the audit logger before the journal). Records
    /// written after it get one more, local, checkpoint at dispose.
    /// </summary>
    public async Task WriteShutdownCheckpointAsync(CancellationToken cancellationToken)
    {
        var pending = new PendingAuditAppend(ShutdownRequest, null, new TaskCompletionSource<AuditReceipts>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_problem is not null || !_queue.Writer.TryWrite(pending))
        {
            return;
        }

        try
        {
            await pending.Completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping was cut short: dispose still writes the checkpoint.
        }
    }

    /// <summary>Writes what is queued and a shutdown checkpoint (unless one covers everything), then closes the files. Later appends return false.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        _queue.Writer.TryComplete();
        await _loop;
        if (_file is not null && _problem is null)
        {
            // The loop has ended: this thread owns the files now.
            RunGuarded(() => CheckpointIfDue("shutdown", force: !_shutdownCheckpointed));
        }

        Close();
        Log.Closed(_logger, Path, _seq);
    }

    private async Task RunAsync()
    {
        // The first maintenance (disk, retention) runs after the first batch or tick, not here:
        // by then the writer has hooked OwnRecordWritten, so its records reach Seq too.
        var batch = new List<PendingAuditAppend>(MaxBatch);
        var receipts = new AuditReceipts[MaxBatch];
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var tick = false;
            PendingAuditAppend? shutdown = null;
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (ReferenceEquals(pending.Record, Tick.Record))
                {
                    tick = true;
                    continue;
                }

                if (ReferenceEquals(pending.Record, ShutdownRequest))
                {
                    shutdown = pending;
                    continue;
                }

                batch.Add(pending);
            }

            if (tick)
            {
                // Before the batch: a file whose time is up is rotated before new records go in.
                RunGuarded(Maintain);
            }

            if (batch.Count > 0)
            {
                RunGuarded(() => WriteBatch(batch, receipts), batch.Count, receipts);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(receipts[i]);
                }

                batch.Clear();
            }

            if (_maintenanceDue)
            {
                RunGuarded(Maintain);
            }

            if (shutdown is { } request)
            {
                RunGuarded(() => _shutdownCheckpointed = CheckpointIfDue("shutdown", force: true));
                request.Completion.TrySetResult(AuditReceipts.NotWritten);
            }
        }
    }

    /// <summary>
    /// Runs a step of the writer loop. Anything unexpected leaves the chain state unknown, so the
    /// journal stops (fail closed) and every queued append still gets its answer (pairs wait for it).
    /// </summary>
    private void RunGuarded(Action step, int answered = 0, AuditReceipts[]? receipts = null)
    {
        try
        {
            step();
        }
#pragma warning disable CA1031 // See the summary: whatever fails, the loop must go on answering.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (receipts is not null)
            {
                Array.Fill(receipts, AuditReceipts.NotWritten, 0, answered);
            }

            _problem = "the journal writer failed (" + ex.GetType().Name + ")";
            Log.WriterFailed(_logger, Path, ex);
        }
    }

    private static AuditOptions SingleFile(string path) => new()
    {
        JournalPath = path ?? throw new ArgumentNullException(nameof(path)),
        RotateBytes = long.MaxValue,
        RotateInterval = TimeSpan.Zero,
        Retention = new AuditRetentionOptions { MaxFiles = 0, MaxAge = TimeSpan.Zero, MaxTotalBytes = 0 },
        CheckpointKey = null,
        DiskWarnFreeBytes = 0,
        DiskMinFreeBytes = 0,
    };

    private static TimeSpan TickPeriod(AuditOptions options)
    {
        // Often enough for the checkpoint schedule and the disk check; never busier than once a second.
        var period = options.CheckpointInterval > TimeSpan.Zero && options.CheckpointInterval < DiskCheckPeriod
            ? options.CheckpointInterval
            : DiskCheckPeriod;
        return period < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period;
    }

    /// <summary>The queue item that wakes the loop for maintenance; never written.</summary>
    private sealed class MaintenanceTick : AuditRecord
    {
        public override string EventType => "tick";

        internal override void WriteFields(IAuditFieldWriter writer)
        {
        }
    }
}
