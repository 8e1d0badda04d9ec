using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The gate's refusals of the last day in memory, for the operator console (docs/console.md,
/// "Console API"): a count and last time per reason for each minute, and the latest
/// <see cref="MaxRecent"/> refusals one by one. Fed by every refusal the gate makes, also those
/// the journal only counts (aggregated refusals), so the figures are what the gate did.
/// </summary>
/// <remarks>
/// Security invariant: memory is bounded whatever the attack rate — <see cref="MaxMinutes"/>
/// minute slots, each with at most one tally per reason code (a closed list), and a ring of
/// <see cref="MaxRecent"/> entries — and each refusal costs O(1) under one lock. Entries carry the
/// reason, camera path, client address and trace id; never a credential or a query string.
/// </remarks>
internal sealed class RecentDenials
{
    /// <summary>How far back the tallies reach: one day of minutes.</summary>
    public const int MaxMinutes = 1440;

    /// <summary>Refusals kept one by one (newest first when read).</summary>
    public const int MaxRecent = 50;

    private readonly Lock _lock = new();
    private readonly MinuteSlot?[] _minutes = new MinuteSlot?[MaxMinutes];
    private readonly Denial[] _recent = new Denial[MaxRecent];
    private int _next;
    private int _count;

    /// <summary>Counts one refusal.</summary>
    public void Record(DateTimeOffset time, AccessReason reason, CameraPath? camera, IPAddress client, string traceId)
    {
        var minute = time.ToUnixTimeSeconds() / 60;
        var denial = new Denial(time, reason, camera, client, traceId);
        lock (_lock)
        {
            var index = (int)(minute % MaxMinutes);
            var slot = _minutes[index] ??= new MinuteSlot();
            if (slot.Minute != minute)
            {
                slot.Reset(minute);
            }

            slot.Add(reason, time);
            _recent[_next] = denial;
            _next = (_next + 1) % MaxRecent;
            _count = Math.Min(_count + 1, MaxRecent);
        }
    }

    /// <summary>
    /// The refusals since <paramref name="since"/> (at most <see cref="MaxMinutes"/> back): per
    /// reason, counted by whole minutes (the minute holding <paramref name="since"/> counts whole),
    /// most frequent first; and the latest ones one by one, newest first.
    /// </summary>
    public (IReadOnlyList<(AccessReason Reason, long Count, DateTimeOffset LastAt)> ByReason, IReadOnlyList<Denial> Recent) Read(DateTimeOffset since)
    {
        var first = since.ToUnixTimeSeconds() / 60;
        var totals = new Dictionary<AccessReason, (long Count, DateTimeOffset LastAt)>();
        var recent = new List<Denial>(MaxRecent);
        lock (_lock)
        {
            foreach (var slot in _minutes)
            {
                if (slot is null || slot.Minute < first)
                {
                    continue;
                }

                foreach (var (reason, tally) in slot.Tallies)
                {
                    var total = totals.GetValueOrDefault(reason);
                    totals[reason] = (total.Count + tally.Count, tally.LastAt > total.LastAt ? tally.LastAt : total.LastAt);
                }
            }

            for (var i = 1; i <= _count; i++)
            {
                var denial = _recent[(_next - i + MaxRecent) % MaxRecent];
                if (denial.Time >= since)
                {
                    recent.Add(denial);
                }
            }
        }

        var byReason = totals
            .Select(pair => (pair.Key, pair.Value.Count, pair.Value.LastAt))
            .OrderByDescending(entry => entry.Count)
            .ThenBy(entry => entry.Key.ToCode(), StringComparer.Ordinal)
            .ToList();
        return (byReason, recent);
    }

    /// <summary>One refusal as the console lists it.</summary>
    internal readonly record struct Denial(DateTimeOffset Time, AccessReason Reason, CameraPath? Camera, IPAddress Client, string TraceId);

    /// <summary>One minute's tallies; reused when its place in the ring comes round again.</summary>
    private sealed class MinuteSlot
    {
        public long Minute { get; private set; } = long.MinValue;

        public Dictionary<AccessReason, (long Count, DateTimeOffset LastAt)> Tallies { get; } = [];

        public void Reset(long minute)
        {
            Minute = minute;
            Tallies.Clear();
        }

        public void Add(AccessReason reason, DateTimeOffset time)
        {
            var tally = Tallies.GetValueOrDefault(reason);
            Tallies[reason] = (tally.Count + 1, time > tally.LastAt ? time : tally.LastAt);
        }
    }
}
