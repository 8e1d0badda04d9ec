using System.Text;
using System.Threading.Channels;
using Serilog.Events;
using Serilog.Formatting;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// The console copies of the log and audit streams when stdout is redirected (a service, a
/// container): events wait in a bounded queue and a background task writes them at most
/// <see cref="DefaultInterval"/> after the first of them, all queued lines in one buffered write. A slow or blocked stdout
/// never stalls the request that logged; beyond the queue's capacity lines are dropped and
/// counted. These copies are lossy by design: the audit journal is the durable record (docs/audit.md).
/// </summary>
/// <remarks>
/// Why not a writer woken per event (Serilog.Sinks.Async): at three audit lines per admission the
/// wake-ups — a worker spinning in <c>sched_yield</c> before it blocks, then one <c>write</c> per
/// line — were ≈ 12 % of the gateway's CPU under S5 (docs/benchmarks/admissions.md). Here a
/// line appears at most one interval late, and the cost no longer grows with wake-ups.
/// One writer serves both streams, so their lines never tear each other.
/// </remarks>
internal sealed class ConsoleLineWriter : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DrainAtStop = TimeSpan.FromSeconds(5);

    private readonly Channel<(ITextFormatter Formatter, LogEvent Event)> _lines;
    private readonly TextWriter _output;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private readonly Lock _drain = new();
    private long _dropped;

    /// <summary>
    /// Writes to the process's stdout through a 64 KB buffer, and writes what is queued when the
    /// process exits or fails without stopping the host (only a SIGKILL loses the last interval).
    /// </summary>
    public ConsoleLineWriter(int capacity)
        : this(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false }, capacity, DefaultInterval)
    {
        AppDomain.CurrentDomain.ProcessExit += DrainAtExit;
        AppDomain.CurrentDomain.UnhandledException += DrainAtExit;
    }

    internal ConsoleLineWriter(TextWriter output, int capacity, TimeSpan interval)
    {
        _output = output;
        _lines = Channel.CreateBounded<(ITextFormatter, LogEvent)>(new BoundedChannelOptions(capacity)
        {
            // Wait (not a Drop mode) so TryWrite answers false when full and the drop is counted;
            // nothing ever waits, since Enqueue only calls TryWrite.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _interval = interval;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Lines dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(ITextFormatter formatter, LogEvent logEvent)
    {
        if (!_lines.Writer.TryWrite((formatter, logEvent)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= DrainAtExit;
        AppDomain.CurrentDomain.UnhandledException -= DrainAtExit;
        _lines.Writer.TryComplete();
        _stopping.Cancel();
        _writer.Wait(DrainAtStop);
        Drain();
        _output.Dispose();
        _stopping.Dispose();
    }

    private void DrainAtExit(object? sender, EventArgs e) => Drain();

    // Sleeps until a line is queued, then lets the interval's lines gather and writes them: a
    // quiet gateway is not woken ten times a second for nothing (docs/benchmarks/pull-cost.md).
    private async Task WriteAsync()
    {
        try
        {
            while (await _lines.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                await Task.Delay(_interval, _stopping.Token).ConfigureAwait(false);
                Drain();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: Dispose writes what is left.
        }
    }

    private void Drain()
    {
        lock (_drain)
        {
            var wrote = false;
            while (_lines.Reader.TryRead(out var line))
            {
                try
                {
                    line.Formatter.Format(line.Event, _output);
                    wrote = true;
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or FormatException)
                {
                    // stdout closed or a value that cannot be rendered: this copy is lossy by design.
                    Interlocked.Increment(ref _dropped);
                }
            }

            if (wrote)
            {
                try
                {
                    _output.Flush();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // As above: a closed stdout loses the console copy only.
                }
            }
        }
    }
}
