using System.Diagnostics;
using System.Threading.Channels;

namespace SecureStream.FirstFrame;

/// <summary>
/// A control for the forwarding delay: in this process, at the same time, the bare cost of the two
/// asynchronous hand-offs a frame makes inside the gateway (a bounded channel read by one loop that
/// writes into another channel read by a second loop), 25 items a second, no media work at all.
/// If its tail matches the gateway's, the tail is the machine's scheduling, not the gateway's work.
/// </summary>
internal static class HandOffBaseline
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(40);

    /// <summary>Hand-off delays in ms (stamp before the first write → after the second read) over <paramref name="duration"/>.</summary>
    public static async Task<IReadOnlyList<double>> MeasureAsync(TimeSpan duration)
    {
        var first = Channel.CreateBounded<long>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
        var second = Channel.CreateBounded<long>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
        var delays = new List<double>();
        var relay = Task.Run(async () =>
        {
            await foreach (var stamp in first.Reader.ReadAllAsync())
            {
                second.Writer.TryWrite(stamp);
            }

            second.Writer.Complete();
        });
        var sink = Task.Run(async () =>
        {
            await foreach (var stamp in second.Reader.ReadAllAsync())
            {
                delays.Add(Stopwatch.GetElapsedTime(stamp).TotalMilliseconds);
            }
        });

        using var timer = new PeriodicTimer(Period);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration && await timer.WaitForNextTickAsync())
        {
            first.Writer.TryWrite(Stopwatch.GetTimestamp());
        }

        first.Writer.Complete();
        await relay;
        await sink;
        return delays;
    }
}
