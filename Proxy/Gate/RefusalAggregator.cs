using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// Makes a flood of pre-authentication refusals cost bounded journal bytes: per (source, reason)
/// the first refusal of an interval is written in full at once, the rest of the interval only
/// counted, and one <see cref="RefusalSummaryRecord"/> with the count is written when the interval
/// closes (docs/audit.md "Aggregated refusals").
/// </summary>
/// <remarks>
/// Security invariants: memory is bounded by <c>maxSources</c> tracked (source, reason) windows
/// plus one overflow window per reason (whose distinct-source set is itself capped at
/// <see cref="MaxOverflowSources"/>); every call is O(1) under one lock. The close timer is armed
/// only while a window is open, so an idle gateway never wakes up for it.
/// </remarks>
internal sealed partial class RefusalAggregator : IDisposable
{
    /// <summary>Distinct sources an overflow window counts one by one; beyond, it says "capped".</summary>
    public const int MaxOverflowSources = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<(ClientSource, AccessReason), Window> _windows = [];
    private readonly Dictionary<AccessReason, Window> _overflow = [];

    // Windows in the order they opened; they all last one interval, so also the order they close.
    private readonly Queue<Window> _order = new();
    private readonly TimeSpan _interval;
    private readonly int _maxSources;
    private readonly IAuditWriter _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<RefusalAggregator> _logger;
    private ITimer? _timer;
    private bool _armed;
    private bool _disposed;

    public RefusalAggregator(TimeSpan interval, int maxSources, IAuditWriter audit, TimeProvider time, ILogger<RefusalAggregator> logger)
    {
        _interval = interval;
        _maxSources = maxSources;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <summary>Open windows, overflow ones included (for tests and the bound's proof).</summary>
    public int OpenWindows
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count + _overflow.Count;
            }
        }
    }

    /// <summary>
    /// Registers one refusal. True: it is the first of its interval and must be written in full
    /// now. False: it was counted into the interval's summary and must not be written.
    /// </summary>
    public bool Register(ClientSource source, AccessReason reason, DateTimeOffset now)
    {
        List<RefusalSummaryRecord>? closed = null;
        bool first;
        lock (_lock)
        {
            first = RegisterLocked(source, reason, now, ref closed);
        }

        WriteAll(closed);
        return first;
    }

    private bool RegisterLocked(ClientSource source, AccessReason reason, DateTimeOffset now, ref List<RefusalSummaryRecord>? closed)
    {
        if (_disposed)
        {
            return true;
        }

        var key = (source, reason);
        if (_windows.TryGetValue(key, out var window))
        {
            if (now < window.End)
            {
                window.Count(now, null);
                return false;
            }

            // The interval is over but its timer has not run yet: close it here.
            Close(window, now, ref closed);
        }
        else if (_windows.Count >= _maxSources)
        {
            return RegisterOverflow(source, reason, now, ref closed);
        }

        Open(new Window(source, reason, now, now + _interval), now);
        return true;
    }

    private bool RegisterOverflow(ClientSource source, AccessReason reason, DateTimeOffset now, ref List<RefusalSummaryRecord>? closed)
    {
        if (_overflow.TryGetValue(reason, out var bucket))
        {
            if (now < bucket.End)
            {
                bucket.Count(now, source);
                return false;
            }

            Close(bucket, now, ref closed);
        }

        var opened = new Window(null, reason, now, now + _interval);
        opened.AddSource(source);
        Open(opened, now);
        return true;
    }

    private void Open(Window window, DateTimeOffset now)
    {
        if (window.Source is { } source)
        {
            _windows[(source, window.Reason)] = window;
        }
        else
        {
            _overflow[window.Reason] = window;
        }

        _order.Enqueue(window);
        if (!_armed)
        {
            _timer ??= _time.CreateTimer(static state => ((RefusalAggregator)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(Max(window.End - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            _armed = true;
        }
    }

    private void Close(Window window, DateTimeOffset now, ref List<RefusalSummaryRecord>? closed)
    {
        if (window.IsClosed)
        {
            return;
        }

        window.IsClosed = true;
        if (window.Source is { } source)
        {
            _windows.Remove((source, window.Reason));
        }
        else
        {
            _overflow.Remove(window.Reason);
        }

        if (window.Counted > 0)
        {
            (closed ??= []).Add(Summary(window, now));
        }
    }

    private void OnTimer()
    {
        List<RefusalSummaryRecord>? closed = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_order.TryPeek(out var head) && (head.IsClosed || head.End <= now))
            {
                _order.Dequeue();
                Close(head, now, ref closed);
            }

            if (_order.TryPeek(out var next) && !_disposed)
            {
                _timer!.Change(Max(next.End - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            }
            else
            {
                _armed = false;
            }
        }

        WriteAll(closed);
    }

    /// <summary>Closes every open window now and writes their summaries (on shutdown).</summary>
    public async Task FlushAsync()
    {
        List<RefusalSummaryRecord>? closed = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_order.TryDequeue(out var window))
            {
                Close(window, now, ref closed);
            }
        }

        foreach (var record in closed ?? [])
        {
            await WriteAsync(record);
        }
    }

    private RefusalSummaryRecord Summary(Window window, DateTimeOffset now) => new()
    {
        Time = now,
        Reason = window.Reason,
        Source = window.Source?.ToString(),
        Count = window.Counted,
        IntervalStart = window.Start,
        FirstTime = window.FirstCounted,
        LastTime = window.LastCounted,
        IntervalMs = (long)_interval.TotalMilliseconds,
        Overflow = window.Source is null,
        Sources = window.Source is null ? window.Sources!.Count : null,
        SourcesCapped = window.Source is null ? window.SourcesCapped : null,
    };

    private void WriteAll(List<RefusalSummaryRecord>? closed)
    {
        if (closed is null)
        {
            return;
        }

        foreach (var record in closed)
        {
            _ = WriteAsync(record);
        }
    }

    private async Task WriteAsync(RefusalSummaryRecord record)
    {
        // A summary is never a condition for anything, so a journal failure is only logged;
        // the journal itself reports why it failed.
        if (!await _audit.WriteAsync(record, CancellationToken.None))
        {
            Log.SummaryNotWritten(_logger, record.ReasonCode!, record.Count);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }

    private sealed class Window(ClientSource? source, AccessReason reason, DateTimeOffset start, DateTimeOffset end)
    {
        public ClientSource? Source { get; } = source;

        public AccessReason Reason { get; } = reason;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public long Counted { get; private set; }

        public DateTimeOffset FirstCounted { get; private set; }

        public DateTimeOffset LastCounted { get; private set; }

        public HashSet<ClientSource>? Sources { get; private set; }

        public bool SourcesCapped { get; private set; }

        public bool IsClosed { get; set; }

        public void Count(DateTimeOffset now, ClientSource? source)
        {
            if (Counted++ == 0)
            {
                FirstCounted = now;
            }

            LastCounted = now;
            if (source is { } counted)
            {
                AddSource(counted);
            }
        }

        public void AddSource(ClientSource source)
        {
            Sources ??= [];
            if (Sources.Count < MaxOverflowSources)
            {
                Sources.Add(source);
            }
            else if (!Sources.Contains(source))
            {
                SourcesCapped = true;
            }
        }
    }
}
