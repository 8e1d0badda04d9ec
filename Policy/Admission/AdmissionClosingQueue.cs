using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Admission;

/// <summary>
/// Sends <c>closing</c> webhooks in the background so that ending a session never waits for the
/// receiver.
/// </summary>
/// <remarks>
/// Delivery guarantee: each enqueued closing is sent at most once (no retries: a receiver that
/// got it but answered late must not see it twice). Closings of one session id are sent in the
/// order they were enqueued, one after another; different sessions are sent concurrently (up to
/// <see cref="AdmissionClosingQueueOptions.Concurrency"/>), so one slow receiver call holds back
/// only its own session. <see cref="Enqueue(ClosingRequest)"/> never blocks: when the queue is
/// full the closing is dropped, counted in <see cref="Dropped"/> and logged. At shutdown,
/// <see cref="StopAsync"/> keeps sending what is queued until the drain deadline, then drops the
/// rest (counted). Exactly one closing per session is the caller's job.
/// </remarks>
internal sealed partial class AdmissionClosingQueue : BackgroundService
{
    private readonly AdmissionClient _client;
    private readonly Func<AdmissionEndpoint?> _endpointSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AdmissionClosingQueue> _logger;
    private readonly AdmissionClosingQueueOptions _options;
    private readonly Channel<QueuedClosing> _channel;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<string, Queue<QueuedClosing>> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private long _enqueued;
    private long _delivered;
    private long _failed;
    private long _dropped;

    /// <summary>Creates the queue; <paramref name="endpointSource"/> gives the current endpoint (null when the webhook is off).</summary>
    public AdmissionClosingQueue(
        AdmissionClient client,
        Func<AdmissionEndpoint?> endpointSource,
        AdmissionClosingQueueOptions options,
        TimeProvider timeProvider,
        ILogger<AdmissionClosingQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpointSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _client = client;
        _endpointSource = endpointSource;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _channel = Channel.CreateBounded<QueuedClosing>(new BoundedChannelOptions(options.Capacity)
        {
            // Wait (not DropWrite) so that TryWrite reports a full queue instead of silently dropping.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Closings accepted into the queue.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Closings the receiver answered with 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Closings sent without a 2xx answer (timeout, error, status).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Closings never sent: queue full, queue stopped, or left over at the drain deadline.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a closing for the current endpoint. Never blocks. False when the webhook is off or the closing was dropped.</summary>
    public bool Enqueue(ClosingRequest request)
    {
        var endpoint = _endpointSource();
        return endpoint is not null && Enqueue(endpoint, request);
    }

    /// <summary>Queues a closing for a given endpoint (the one the session was admitted under). Never blocks. False when dropped.</summary>
    public bool Enqueue(AdmissionEndpoint endpoint, ClosingRequest request)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        if (_channel.Writer.TryWrite(new QueuedClosing(endpoint, request)))
        {
            Interlocked.Increment(ref _enqueued);
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        Log.Dropped(_logger, request.SessionId, _options.Capacity, dropped);
        return false;
    }

    private int _disposed;

    /// <summary>Stops accepting closings and sends what is queued until the drain deadline (or <paramref name="cancellationToken"/>).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        var running = ExecuteTask;
        if (running is not null)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var timer = new CancellationTokenSource(_options.DrainTimeout, _timeProvider);
            using var registration = timer.Token.Register(deadline.Cancel);
            try
            {
                await running.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Log.DrainIncomplete(_logger, _channel.Reader.Count + PendingCount());
                await _abort.CancelAsync();
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // The host may hand the same instance to DI twice (singleton and hosted service): dispose once.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _abort.Cancel();
        _abort.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    /// <summary>The dispatcher: reads until the writer is completed, so StopAsync drains rather than abandons.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _channel.Reader.ReadAllAsync(CancellationToken.None))
        {
            lock (_sessions)
            {
                if (_sessions.TryGetValue(item.Request.SessionId, out var pending))
                {
                    // A closing of this session is in flight: queue behind it to keep the order.
                    pending.Enqueue(item);
                    continue;
                }

                _sessions[item.Request.SessionId] = new Queue<QueuedClosing>();
            }

            // Back-pressure stays here, between the channel and the senders, never in Enqueue.
            await _slots.WaitAsync(CancellationToken.None);
            _ = SendSessionAsync(item);
        }

        // Every chain holds a slot until its session has nothing left; owning all slots means all are done.
        for (var i = 0; i < _options.Concurrency; i++)
        {
            await _slots.WaitAsync(CancellationToken.None);
        }

        _slots.Release(_options.Concurrency);
    }

    private async Task SendSessionAsync(QueuedClosing first)
    {
        var current = first;
        try
        {
            while (true)
            {
                await SendOneAsync(current);
                lock (_sessions)
                {
                    var pending = _sessions[current.Request.SessionId];
                    if (pending.Count == 0)
                    {
                        _sessions.Remove(current.Request.SessionId);
                        return;
                    }

                    current = pending.Dequeue();
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task SendOneAsync(QueuedClosing item)
    {
        if (_abort.IsCancellationRequested)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // CloseAsync never throws, so one bad send cannot end the session's chain or the dispatcher.
        var delivered = await _client.CloseAsync(item.Endpoint, item.Request, _abort.Token);
        Interlocked.Increment(ref delivered ? ref _delivered : ref _failed);
    }

    private int PendingCount()
    {
        lock (_sessions)
        {
            return _sessions.Values.Sum(queue => queue.Count);
        }
    }

    private sealed record QueuedClosing(AdmissionEndpoint Endpoint, ClosingRequest Request);
}
